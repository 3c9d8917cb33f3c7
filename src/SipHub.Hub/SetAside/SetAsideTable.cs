using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SipHub.Hub.Persistence;

namespace SipHub.Hub.SetAside;

internal sealed class SetAsideTable : IEntityTypeConfiguration<SetAsideRow>
{
    public void Configure(EntityTypeBuilder<SetAsideRow> e)
    {
        e.ToTable("set_aside_messages");
        e.HasKey(x => x.Id);
        e.HasIndex(x => new { x.Status, x.ReceivedAt });
        e.HasIndex(x => x.ResolvedAt);
    }
}
