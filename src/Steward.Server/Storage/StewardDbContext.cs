using Microsoft.EntityFrameworkCore;
using Steward.Server.Access;
using Steward.Server.Audit;
using Steward.Server.ModelCards;
using Steward.Server.Registry;
using Steward.Server.Tagging;

namespace Steward.Server.Storage;

/// <summary>The one database model, shared by the SQLite and PostgreSQL providers.</summary>
public sealed class StewardDbContext(DbContextOptions<StewardDbContext> options) : DbContext(options)
{
    public DbSet<Account> Accounts => Set<Account>();
    public DbSet<User> Users => Set<User>();
    public DbSet<AccessKey> AccessKeys => Set<AccessKey>();
    public DbSet<AuditRecord> AuditRecords => Set<AuditRecord>();
    public DbSet<AuditLogHead> AuditLogHeads => Set<AuditLogHead>();
    public DbSet<AuditCheckpoint> AuditCheckpoints => Set<AuditCheckpoint>();
    public DbSet<ModelCard> ModelCards => Set<ModelCard>();
    public DbSet<ModelCardVersion> ModelCardVersions => Set<ModelCardVersion>();
    public DbSet<ModelCardStatusEvent> ModelCardStatusEvents => Set<ModelCardStatusEvent>();
    public DbSet<ModelCardDeletion> ModelCardDeletions => Set<ModelCardDeletion>();
    public DbSet<ModelPackageGroup> ModelPackageGroups => Set<ModelPackageGroup>();
    public DbSet<ModelPackage> ModelPackages => Set<ModelPackage>();
    public DbSet<ModelPackageApprovalEvent> ModelPackageApprovalEvents => Set<ModelPackageApprovalEvent>();
    public DbSet<TrainingJob> TrainingJobs => Set<TrainingJob>();
    public DbSet<ResourceTag> ResourceTags => Set<ResourceTag>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(StewardDbContext).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every instant is UTC: timestamptz on PostgreSQL, ISO text on SQLite (which sorts and compares as text).
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }
}
