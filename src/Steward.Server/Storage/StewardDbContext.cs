using Microsoft.EntityFrameworkCore;
using Steward.Server.Access;
using Steward.Server.Audit;
using Steward.Server.Deployments;
using Steward.Server.Lineage;
using Steward.Server.ModelCards;
using Steward.Server.Registry;
using Steward.Server.Tagging;

namespace Steward.Server.Storage;

/// <summary>The one database model, shared by the SQLite and PostgreSQL providers.</summary>
public sealed class StewardDbContext(DbContextOptions<StewardDbContext> options) : DbContext(options)
{
    /// <summary>
    /// The audit record of the request that rented this context; null for contexts made outside a request scope
    /// (migrations, tools). Set on every rent from the pool.
    /// </summary>
    public AuditScope? Audit { get; set; }

    /// <summary>
    /// Set when this context saved a change to a model card, a version or a card's tags that may not be committed yet
    /// (<see cref="ModelCardCacheInvalidation"/>). Left set by a failure, it costs one more drop of the cache, nothing else.
    /// </summary>
    internal bool ChangesModelCards { get; set; }

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
    public DbSet<LineageEntity> LineageEntities => Set<LineageEntity>();
    public DbSet<LineageAssociation> LineageAssociations => Set<LineageAssociation>();
    public DbSet<ServingEndpoint> Endpoints => Set<ServingEndpoint>();
    public DbSet<EndpointDeployment> EndpointDeployments => Set<EndpointDeployment>();
    public DbSet<TransformJob> TransformJobs => Set<TransformJob>();
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
