using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Steward.Server.Registry;

namespace Steward.Server.Deployments.Configurations;

internal sealed class EndpointConfiguration : IEntityTypeConfiguration<ServingEndpoint>
{
    public void Configure(EntityTypeBuilder<ServingEndpoint> builder)
    {
        builder.ToTable("endpoints");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.AccountId).HasMaxLength(12).IsFixedLength();
        builder.Property(e => e.Name).HasMaxLength(63);
        builder.Property(e => e.NameLower).HasMaxLength(63);
        builder.Property(e => e.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.CreatedBy).HasMaxLength(512);
        builder.Property(e => e.LastModifiedBy).HasMaxLength(512);
        builder.Property(e => e.Version).IsConcurrencyToken();
        builder.HasIndex(e => new { e.AccountId, e.Name }).IsUnique();
        builder.HasMany(e => e.Deployments).WithOne().HasForeignKey(d => d.EndpointId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class EndpointDeploymentConfiguration : IEntityTypeConfiguration<EndpointDeployment>
{
    public void Configure(EntityTypeBuilder<EndpointDeployment> builder)
    {
        builder.ToTable("endpoint_deployments");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.ModelPackageArn).HasMaxLength(2048);
        builder.Property(d => d.InstanceType).HasMaxLength(64);
        builder.Property(d => d.VariantName).HasMaxLength(63);
        builder.Property(d => d.Reason).HasMaxLength(1024);
        builder.Property(d => d.DeployedBy).HasMaxLength(512);
        builder.HasIndex(d => new { d.EndpointId, d.Sequence }).IsUnique();
        // A version deleted from the registry leaves the history readable: the ARN stays, the link goes.
        builder.HasOne<ModelPackage>().WithMany().HasForeignKey(d => d.ModelPackageId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class TransformJobConfiguration : IEntityTypeConfiguration<TransformJob>
{
    public void Configure(EntityTypeBuilder<TransformJob> builder)
    {
        builder.ToTable("transform_jobs");
        builder.HasKey(j => j.Id);
        builder.Property(j => j.AccountId).HasMaxLength(12).IsFixedLength();
        builder.Property(j => j.Name).HasMaxLength(63);
        builder.Property(j => j.NameLower).HasMaxLength(63);
        builder.Property(j => j.ModelPackageArn).HasMaxLength(2048);
        builder.Property(j => j.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(j => j.InputUri).HasMaxLength(1024);
        builder.Property(j => j.OutputUri).HasMaxLength(1024);
        builder.Property(j => j.InstanceType).HasMaxLength(64);
        builder.Property(j => j.FailureReason).HasMaxLength(1024);
        builder.Property(j => j.CreatedBy).HasMaxLength(512);
        builder.Property(j => j.LastModifiedBy).HasMaxLength(512);
        builder.Property(j => j.Version).IsConcurrencyToken();
        builder.HasIndex(j => new { j.AccountId, j.Name }).IsUnique();
        builder.HasIndex(j => new { j.AccountId, j.CreatedAt, j.Id });
        builder.HasOne<ModelPackage>().WithMany().HasForeignKey(j => j.ModelPackageId).OnDelete(DeleteBehavior.SetNull);
    }
}
