using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SipHub.Hub.Persistence;

namespace SipHub.Hub.Requests;

internal sealed class RequestTable : IEntityTypeConfiguration<RequestRow>
{
    public void Configure(EntityTypeBuilder<RequestRow> e)
    {
        e.ToTable("sip_requests");
        e.HasKey(x => x.RequestId);
        e.Property(x => x.RequestId).HasMaxLength(128);
        e.Property(x => x.SenderHsaId).HasMaxLength(64);
        e.Property(x => x.Status).HasMaxLength(32);
        e.Property(x => x.PatientKey).HasMaxLength(160);
        // Two versions of one request at once: the second save fails and is retried against the first.
        e.Property(x => x.SentAt).IsConcurrencyToken();
        e.HasIndex(x => x.PatientKey);
        e.HasIndex(x => new { x.Status, x.SenderHsaId });
    }
}
