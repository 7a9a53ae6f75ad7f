using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Steward.Server.Access.Configurations;

internal sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> builder)
    {
        builder.ToTable("accounts");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).HasMaxLength(12).IsFixedLength();
        builder.Property(a => a.Name).HasMaxLength(128);
        builder.Property(a => a.Version).IsConcurrencyToken();
    }
}
