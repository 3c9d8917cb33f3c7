using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SipHub.Hub.Persistence;

namespace SipHub.Hub.Participants;

internal sealed class ParticipantTable : IEntityTypeConfiguration<ParticipantRow>
{
    public void Configure(EntityTypeBuilder<ParticipantRow> e)
    {
        e.ToTable("participants");
        e.HasKey(x => x.HsaId);
        e.Property(x => x.HsaId).HasMaxLength(64);
    }
}
