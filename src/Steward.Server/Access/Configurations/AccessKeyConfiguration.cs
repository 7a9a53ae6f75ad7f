using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Steward.Server.Access.Configurations;

internal sealed class AccessKeyConfiguration : IEntityTypeConfiguration<AccessKey>
{
    public void Configure(EntityTypeBuilder<AccessKey> builder)
    {
        builder.ToTable("access_keys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Id).HasMaxLength(20);
        builder.Property(k => k.AccountId).HasMaxLength(12);
        builder.Property(k => k.SecretCiphertext).HasMaxLength(128);
        builder.Property(k => k.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(k => k.Version).IsConcurrencyToken();
        builder.HasIndex(k => k.AccountId);
        builder.HasOne(k => k.User).WithMany().HasForeignKey(k => k.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
