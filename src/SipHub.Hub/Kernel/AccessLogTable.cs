using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SipHub.Hub.Persistence;

namespace SipHub.Hub.Kernel;

internal sealed class AccessLogTable : IEntityTypeConfiguration<AccessLogRow>
{
    public void Configure(EntityTypeBuilder<AccessLogRow> e)
    {
        e.ToTable("access_log");
        e.HasKey(x => x.Id);
        // Log review: by patient, by person, by time.
        e.HasIndex(x => new { x.PatientId, x.Id });
        e.HasIndex(x => new { x.Who, x.Id });
        // Retention deletes by age.
        e.HasIndex(x => x.At);
    }
}
