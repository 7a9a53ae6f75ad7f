using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Steward.Server.ModelCards;

namespace Steward.Server.Registry.Configurations;

internal sealed class ModelPackageGroupConfiguration : IEntityTypeConfiguration<ModelPackageGroup>
{
    public void Configure(EntityTypeBuilder<ModelPackageGroup> builder)
    {
        builder.ToTable("model_package_groups");
        builder.HasKey(g => g.Id);
        builder.Property(g => g.AccountId).HasMaxLength(12).IsFixedLength();
        builder.Property(g => g.Name).HasMaxLength(63);
        builder.Property(g => g.NameLower).HasMaxLength(63);
        builder.Property(g => g.Description).HasMaxLength(1024);
        builder.Property(g => g.CreatedBy).HasMaxLength(512);
        builder.Property(g => g.Version).IsConcurrencyToken();
        builder.HasIndex(g => new { g.AccountId, g.Name }).IsUnique();
        builder.HasIndex(g => new { g.AccountId, g.CreatedAt, g.Id });
    }
}

internal sealed class ModelPackageConfiguration : IEntityTypeConfiguration<ModelPackage>
{
    public void Configure(EntityTypeBuilder<ModelPackage> builder)
    {
        builder.ToTable("model_packages");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.AccountId).HasMaxLength(12).IsFixedLength();
        builder.Property(p => p.GroupName).HasMaxLength(63);
        builder.Property(p => p.Description).HasMaxLength(1024);
        builder.Property(p => p.SourceUri).HasMaxLength(1024);
        builder.Property(p => p.LifeCycleStage).HasMaxLength(63);
        builder.Property(p => p.LifeCycleStageStatus).HasMaxLength(63);
        builder.Property(p => p.LifeCycleStageDescription).HasMaxLength(1024);
        builder.Property(p => p.ApprovalStatus).HasConversion<string>().HasMaxLength(32);
        builder.Property(p => p.ApprovalDescription).HasMaxLength(1024);
        builder.Property(p => p.ClientToken).HasMaxLength(36);
        builder.Property(p => p.RequestHash).HasMaxLength(64);
        builder.Property(p => p.CreatedBy).HasMaxLength(512);
        builder.Property(p => p.LastModifiedBy).HasMaxLength(512);
        builder.Property(p => p.Version).IsConcurrencyToken();
        // The database's own guarantee that two registrations never share a number.
        builder.HasIndex(p => new { p.GroupId, p.PackageVersion }).IsUnique();
        builder.HasIndex(p => new { p.AccountId, p.ClientToken }).IsUnique();
        builder.HasIndex(p => new { p.AccountId, p.CreatedAt, p.Id });
        // Lists sorted by name (a version's name is its group's), and the keyset that pages them.
        builder.HasIndex(p => new { p.AccountId, p.GroupName, p.PackageVersion });
        builder.HasIndex(p => p.ModelCardId).IsUnique();
        builder.HasIndex(p => p.TrainingJobId);
        builder.HasOne<ModelPackageGroup>().WithMany().HasForeignKey(p => p.GroupId).OnDelete(DeleteBehavior.Restrict);
        // A card or training job may be deleted: the version keeps existing and simply has none any more.
        builder.HasOne<ModelCard>().WithMany().HasForeignKey(p => p.ModelCardId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<TrainingJob>().WithMany().HasForeignKey(p => p.TrainingJobId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(p => p.ApprovalEvents).WithOne().HasForeignKey(e => e.PackageId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ModelPackageApprovalEventConfiguration : IEntityTypeConfiguration<ModelPackageApprovalEvent>
{
    public void Configure(EntityTypeBuilder<ModelPackageApprovalEvent> builder)
    {
        builder.ToTable("model_package_approval_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.FromStatus).HasConversion<string>().HasMaxLength(32);
        builder.Property(e => e.ToStatus).HasConversion<string>().HasMaxLength(32);
        builder.Property(e => e.Description).HasMaxLength(1024);
        builder.Property(e => e.Actor).HasMaxLength(512);
        builder.HasIndex(e => new { e.PackageId, e.Time });
    }
}

internal sealed class TrainingJobConfiguration : IEntityTypeConfiguration<TrainingJob>
{
    public void Configure(EntityTypeBuilder<TrainingJob> builder)
    {
        builder.ToTable("training_jobs");
        builder.HasKey(j => j.Id);
        builder.Property(j => j.AccountId).HasMaxLength(12).IsFixedLength();
        builder.Property(j => j.Name).HasMaxLength(63);
        builder.Property(j => j.NameLower).HasMaxLength(63);
        builder.Property(j => j.Algorithm).HasMaxLength(1024);
        builder.Property(j => j.ContainerImage).HasMaxLength(255);
        builder.Property(j => j.OutputModelArtifact).HasMaxLength(1024);
        builder.Property(j => j.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(j => j.CreatedBy).HasMaxLength(512);
        builder.Property(j => j.Version).IsConcurrencyToken();
        builder.HasIndex(j => new { j.AccountId, j.Name }).IsUnique();
        builder.HasIndex(j => new { j.AccountId, j.CreatedAt, j.Id });
    }
}
