using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Steward.Server.Access.Configurations;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.ToTable("users");
        builder.HasKey(u => u.Id);
        builder.Property(u => u.AccountId).HasMaxLength(12);
        builder.Property(u => u.UserName).HasMaxLength(64);
        builder.Property(u => u.PasswordHash).HasMaxLength(256);
        builder.Property(u => u.Version).IsConcurrencyToken();
        builder.Ignore(u => u.Arn);
        builder.HasIndex(u => new { u.AccountId, u.UserName }).IsUnique();
        builder.HasOne<Account>().WithMany().HasForeignKey(u => u.AccountId).OnDelete(DeleteBehavior.Restrict);
    }
}
