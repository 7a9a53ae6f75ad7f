using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Steward.Server.ModelCards.Configurations;

internal sealed class ModelCardConfiguration : IEntityTypeConfiguration<ModelCard>
{
    public void Configure(EntityTypeBuilder<ModelCard> builder)
    {
        builder.ToTable("model_cards");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.AccountId).HasMaxLength(12).IsFixedLength();
        builder.Property(c => c.Name).HasMaxLength(63);
        builder.Property(c => c.NameLower).HasMaxLength(63);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.ModelId).HasMaxLength(1024);
        builder.Property(c => c.RiskRating).HasMaxLength(16);
        builder.Property(c => c.KmsKeyId).HasMaxLength(2048);
        builder.Property(c => c.CreatedBy).HasMaxLength(512);
        builder.Property(c => c.LastModifiedBy).HasMaxLength(512);
        builder.Property(c => c.IdempotencyKey).HasMaxLength(128);
        builder.Property(c => c.RequestHash).HasMaxLength(64);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasIndex(c => new { c.AccountId, c.Name }).IsUnique();
        builder.HasIndex(c => new { c.AccountId, c.ModelId }).IsUnique();
        builder.HasIndex(c => new { c.AccountId, c.IdempotencyKey }).IsUnique();
        builder.HasIndex(c => new { c.AccountId, c.CreatedAt, c.Id });
        builder.HasIndex(c => new { c.AccountId, c.Status, c.CreatedAt, c.Id });
        // Name-sorted lists filtered by status walk this index in order and stop after a page, instead of sorting every
        // match; NameLower rides along so that a nameContains filter is tested on index entries, not on fetched rows.
        builder.HasIndex(c => new { c.AccountId, c.Status, c.Name, c.NameLower });
        builder.HasMany(c => c.Versions).WithOne().HasForeignKey(v => v.CardId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.StatusEvents).WithOne().HasForeignKey(e => e.CardId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ModelCardVersionConfiguration : IEntityTypeConfiguration<ModelCardVersion>
{
    public void Configure(EntityTypeBuilder<ModelCardVersion> builder)
    {
        builder.ToTable("model_card_versions");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.ContentSha256).HasMaxLength(64).IsFixedLength();
        builder.Property(v => v.Hash).HasMaxLength(64).IsFixedLength();
        builder.Property(v => v.PreviousHash).HasMaxLength(64).IsFixedLength();
        builder.Property(v => v.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(v => v.CreatedBy).HasMaxLength(512);
        builder.HasIndex(v => new { v.CardId, v.Version }).IsUnique();
    }
}

internal sealed class ModelCardStatusEventConfiguration : IEntityTypeConfiguration<ModelCardStatusEvent>
{
    public void Configure(EntityTypeBuilder<ModelCardStatusEvent> builder)
    {
        builder.ToTable("model_card_status_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.FromStatus).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.ToStatus).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Comment).HasMaxLength(1024);
        builder.Property(e => e.Actor).HasMaxLength(512);
        builder.HasIndex(e => new { e.CardId, e.Time });
    }
}

internal sealed class ModelCardDeletionConfiguration : IEntityTypeConfiguration<ModelCardDeletion>
{
    public void Configure(EntityTypeBuilder<ModelCardDeletion> builder)
    {
        builder.ToTable("model_card_deletions");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.AccountId).HasMaxLength(12).IsFixedLength();
        builder.Property(d => d.Name).HasMaxLength(63);
        builder.Property(d => d.Arn).HasMaxLength(256);
        builder.Property(d => d.LastStatus).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.CreatedBy).HasMaxLength(512);
        builder.Property(d => d.DeletedBy).HasMaxLength(512);
        builder.HasIndex(d => new { d.AccountId, d.Name, d.DeletedAt });
    }
}
