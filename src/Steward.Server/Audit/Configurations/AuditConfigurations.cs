using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Steward.Server.Audit.Configurations;

internal sealed class AuditRecordConfiguration : IEntityTypeConfiguration<AuditRecord>
{
    public void Configure(EntityTypeBuilder<AuditRecord> builder)
    {
        builder.ToTable("audit_records");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedOnAdd();
        builder.HasIndex(r => r.Sequence).IsUnique();
        builder.HasIndex(r => new { r.AccountId, r.Time });
        builder.HasIndex(r => r.RequestId);
        builder.Property(r => r.AccountId).HasMaxLength(12);
        builder.Property(r => r.PrincipalArn).HasMaxLength(512);
        builder.Property(r => r.Action).HasMaxLength(128);
        builder.Property(r => r.ResourceArn).HasMaxLength(1024);
        builder.Property(r => r.SourceIp).HasMaxLength(64);
        builder.Property(r => r.UserAgent).HasMaxLength(512);
        builder.Property(r => r.RequestId).HasMaxLength(64);
        builder.Property(r => r.Outcome).HasMaxLength(16);
        builder.Property(r => r.ErrorCode).HasMaxLength(128);
        builder.Property(r => r.PreviousHash).HasMaxLength(64);
        builder.Property(r => r.Hash).HasMaxLength(64);
        builder.Property(r => r.LeafHash).HasMaxLength(64);
    }
}

internal sealed class AuditLogHeadConfiguration : IEntityTypeConfiguration<AuditLogHead>
{
    public void Configure(EntityTypeBuilder<AuditLogHead> builder)
    {
        builder.ToTable("audit_log_head");
        builder.HasKey(h => h.Id);
        builder.Property(h => h.Id).ValueGeneratedNever();
        builder.Property(h => h.LastHash).HasMaxLength(64);
        builder.Property(h => h.Version).IsConcurrencyToken();
    }
}

internal sealed class AuditCheckpointConfiguration : IEntityTypeConfiguration<AuditCheckpoint>
{
    public void Configure(EntityTypeBuilder<AuditCheckpoint> builder)
    {
        builder.ToTable("audit_checkpoints");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedOnAdd();
        builder.HasIndex(c => c.Size);
        builder.Property(c => c.RootHash).HasMaxLength(64);
        builder.Property(c => c.SignedNote).HasMaxLength(4096);
    }
}
