using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Steward.Server.Lineage.Configurations;

internal sealed class LineageEntityConfiguration : IEntityTypeConfiguration<LineageEntity>
{
    public void Configure(EntityTypeBuilder<LineageEntity> builder)
    {
        builder.ToTable("lineage_entities");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.AccountId).HasMaxLength(12).IsFixedLength();
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(24);
        builder.Property(e => e.Key).HasMaxLength(LineageRules.MaxKeyLength);
        builder.Property(e => e.Name).HasMaxLength(LineageRules.MaxNameLength);
        builder.Property(e => e.CreatedBy).HasMaxLength(512);
        builder.HasIndex(e => new { e.AccountId, e.Key }).IsUnique();
        builder.HasIndex(e => new { e.AccountId, e.Kind, e.Id });
    }
}

internal sealed class LineageAssociationConfiguration : IEntityTypeConfiguration<LineageAssociation>
{
    public void Configure(EntityTypeBuilder<LineageAssociation> builder)
    {
        builder.ToTable("lineage_associations");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.AccountId).HasMaxLength(12).IsFixedLength();
        builder.Property(a => a.Type).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.CreatedBy).HasMaxLength(512);
        builder.HasOne(a => a.Source).WithMany().HasForeignKey(a => a.SourceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(a => a.Destination).WithMany().HasForeignKey(a => a.DestinationId).OnDelete(DeleteBehavior.Cascade);

        // The two walks: downstream reads by (account, source), upstream by (account, destination); the third column
        // makes each a covering index for the walk and keeps one edge of each type between two entities.
        builder.HasIndex(a => new { a.AccountId, a.SourceId, a.DestinationId, a.Type }).IsUnique();
        builder.HasIndex(a => new { a.AccountId, a.DestinationId, a.SourceId });
    }
}
