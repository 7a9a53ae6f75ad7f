using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Steward.Server.Tagging;

/// <summary>
/// One tag on one resource. Resources are named as in their ARN (<c>model-card/churn</c> is type <c>model-card</c>,
/// id <c>churn</c>) within an account, so tags survive a change of the configured region and need no foreign key:
/// each feature removes its resource's tags in the same SaveChanges that deletes the resource.
/// </summary>
public sealed class ResourceTag
{
    public required string AccountId { get; init; }
    public required string ResourceType { get; init; }
    public required string ResourceId { get; init; }
    public required string Key { get; init; }
    public required string Value { get; set; }
    public long Version { get; set; }
}

internal sealed class ResourceTagConfiguration : IEntityTypeConfiguration<ResourceTag>
{
    public void Configure(EntityTypeBuilder<ResourceTag> builder)
    {
        builder.ToTable("resource_tags");
        builder.HasKey(t => new { t.AccountId, t.ResourceType, t.ResourceId, t.Key });
        builder.Property(t => t.AccountId).HasMaxLength(12);
        builder.Property(t => t.ResourceType).HasMaxLength(64);
        builder.Property(t => t.ResourceId).HasMaxLength(256);
        builder.Property(t => t.Key).HasMaxLength(128);
        builder.Property(t => t.Value).HasMaxLength(256);
        builder.Property(t => t.Version).IsConcurrencyToken();
    }
}
