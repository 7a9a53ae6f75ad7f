using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Steward.Server.Access.Authentication;
using Steward.Server.Hosting;
using Steward.Server.ModelCards;
using Steward.Server.Storage;

namespace Steward.Server.Lineage;

/// <summary>
/// The lineage graph of each account: entities (datasets, training jobs, artifacts, package versions, endpoints,
/// transform jobs) and the associations between them. REST and the CLI record and query it here; the registry and the
/// deployment services call <see cref="TrackAsync"/> and <see cref="LinkAsync"/> inside their own unit of work, so that
/// lineage commits in the same SaveChanges as the change it describes.
/// </summary>
public sealed partial class LineageService(StewardDbContext db, TimeProvider time)
{
    private const int MaxAttempts = 4;

    /// <summary>
    /// Adds entity <paramref name="key"/> to the unit of work unless it is already recorded (or already added);
    /// does not save. The key must already be valid (the callers build it).
    /// </summary>
    public async Task<LineageEntity> TrackAsync(string accountId, LineageEntityKind kind, string key, string? name, string actor, CancellationToken cancellationToken)
    {
        var entity = FindTracked(accountId, key)
            ?? await db.LineageEntities.FirstOrDefaultAsync(e => e.AccountId == accountId && e.Key == key, cancellationToken);
        return TrackFound(entity, accountId, kind, key, name, actor);
    }

    /// <summary>Adds the association to the unit of work unless it exists (or is already added); does not save.</summary>
    public async Task LinkAsync(LineageEntity source, LineageEntity destination, LineageAssociationType type, string actor, CancellationToken cancellationToken, bool manual = false)
    {
        if (ReferenceEquals(source, destination) || (source.Id != 0 && source.Id == destination.Id) || IsTracked(source, destination, type))
        {
            return;
        }

        if (source.Id != 0 && destination.Id != 0 && await db.LineageAssociations.AnyAsync(
                a => a.AccountId == source.AccountId && a.SourceId == source.Id && a.DestinationId == destination.Id && a.Type == type, cancellationToken))
        {
            return;
        }

        AddLink(source, destination, type, actor, manual);
    }

    /// <summary>
    /// Loads, in one query, the recorded entities among <paramref name="keys"/> and the associations between them into
    /// the unit of work, for <see cref="Track"/> and <see cref="Link"/> to work from without further look-ups.
    /// </summary>
    private async Task LoadAsync(string accountId, IReadOnlyCollection<string> keys, CancellationToken cancellationToken) =>
        await db.LineageEntities
            .Where(e => e.AccountId == accountId && keys.Contains(e.Key))
            .Select(e => new
            {
                Entity = e,
                Outgoing = db.LineageAssociations.Where(a => a.AccountId == accountId && a.SourceId == e.Id && keys.Contains(a.Destination!.Key)).ToList(),
            })
            .LoadAsync(cancellationToken);

    /// <summary><see cref="TrackAsync"/> after <see cref="LoadAsync"/> named the key: no look-up.</summary>
    private LineageEntity Track(string accountId, LineageEntityKind kind, string key, string? name, string actor) =>
        TrackFound(FindTracked(accountId, key), accountId, kind, key, name, actor);

    /// <summary><see cref="LinkAsync"/> after <see cref="LoadAsync"/> named both ends: no look-up.</summary>
    private void Link(LineageEntity source, LineageEntity destination, LineageAssociationType type, string actor)
    {
        if (!ReferenceEquals(source, destination) && (source.Id == 0 || source.Id != destination.Id) && !IsTracked(source, destination, type))
        {
            AddLink(source, destination, type, actor, manual: false);
        }
    }

    private LineageEntity? FindTracked(string accountId, string key) => db.LineageEntities.Local.FirstOrDefault(e => e.AccountId == accountId && e.Key == key);

    private LineageEntity TrackFound(LineageEntity? entity, string accountId, LineageEntityKind kind, string key, string? name, string actor)
    {
        if (entity is not null)
        {
            if (entity.Name is null && name is not null)
            {
                entity.Name = name;
            }

            return entity;
        }

        entity = new LineageEntity { AccountId = accountId, Kind = kind, Key = key, Name = name, CreatedAt = Now(), CreatedBy = actor };
        db.LineageEntities.Add(entity);
        return entity;
    }

    private bool IsTracked(LineageEntity source, LineageEntity destination, LineageAssociationType type) => db.LineageAssociations.Local.Any(a => a.Type == type
        && (ReferenceEquals(a.Source, source) || (source.Id != 0 && a.SourceId == source.Id))
        && (ReferenceEquals(a.Destination, destination) || (destination.Id != 0 && a.DestinationId == destination.Id)));

    private void AddLink(LineageEntity source, LineageEntity destination, LineageAssociationType type, string actor, bool manual) =>
        db.LineageAssociations.Add(new LineageAssociation
        {
            AccountId = source.AccountId,
            Source = source,
            Destination = destination,
            Type = type,
            Manual = manual,
            CreatedAt = Now(),
            CreatedBy = actor,
        });

    /// <summary>Records an entity by hand; answers the existing one (and <c>created=false</c>) when the key is already recorded with that kind.</summary>
    public async Task<(LineageEntityDto Entity, bool Created)> CreateEntityAsync(Caller caller, CreateLineageEntityRequest? request, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var kind = LineageRules.ParseEnum<LineageEntityKind>(request?.Kind, "/kind", errors);
        LineageRules.CheckKey(request?.Key, caller.AccountId, "/key", errors);
        var name = LineageRules.CheckName(request?.Name, "/name", errors);
        ThrowIfAny(errors);

        for (var attempt = 1; ; attempt++)
        {
            var existing = await db.LineageEntities.AsNoTracking().FirstOrDefaultAsync(e => e.AccountId == caller.AccountId && e.Key == request!.Key, cancellationToken);
            if (existing is not null)
            {
                return existing.Kind == kind
                    ? (ToDto(existing), false)
                    : throw KindConflict(existing);
            }

            var entity = await TrackAsync(caller.AccountId, kind!.Value, request!.Key!, name, caller.PrincipalArn, cancellationToken);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return (ToDto(entity), true);
            }
            catch (DbUpdateException) when (attempt < MaxAttempts)
            {
                // A concurrent call recorded the same key: answer as that case.
                db.ChangeTracker.Clear();
            }
        }
    }

    public async Task<LineageEntityDto> DescribeEntityAsync(Caller caller, string? key, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        LineageRules.CheckKey(key, caller.AccountId, "/key", errors);
        ThrowIfAny(errors);
        var entity = await db.LineageEntities.AsNoTracking().FirstOrDefaultAsync(e => e.AccountId == caller.AccountId && e.Key == key, cancellationToken)
            ?? throw NotFound(key!);
        return ToDto(entity);
    }

    public async Task<LineageEntityList> ListEntitiesAsync(Caller caller, ListLineageEntitiesQuery query, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var kind = LineageRules.ParseEnum<LineageEntityKind>(query.Kind, "/kind", errors, required: false);
        var size = 50;
        if (query.MaxResults is not null && (!int.TryParse(query.MaxResults, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > 100))
        {
            errors.Add(new FieldError("/maxResults", "range", "must be a whole number from 1 to 100"));
        }

        ThrowIfAny(errors);
        var token = PageToken.Decode(query.NextToken, "lineage-entities:" + caller.AccountId + ":" + query.Kind);
        var entities = db.LineageEntities.AsNoTracking().Where(e => e.AccountId == caller.AccountId);
        if (kind is { } k)
        {
            entities = entities.Where(e => e.Kind == k);
        }

        if (token?.Id is { } after)
        {
            entities = entities.Where(e => e.Id > after);
        }

        var page = await entities.OrderBy(e => e.Id).Take(size + 1).ToListAsync(cancellationToken);
        var next = page.Count > size
            ? new PageToken("lineage-entities:" + caller.AccountId + ":" + query.Kind, null, null, page[size - 1].Id, null).Encode()
            : null;
        return new LineageEntityList([.. page.Take(size).Select(ToDto)], next);
    }

    /// <summary>Adds an association by hand; ends that are not recorded yet are recorded when their kind is given.</summary>
    public async Task<(LineageAssociationDto Association, bool Created)> AddAssociationAsync(Caller caller, CreateLineageAssociationRequest? request, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        LineageRules.CheckKey(request?.Source, caller.AccountId, "/source", errors);
        LineageRules.CheckKey(request?.Destination, caller.AccountId, "/destination", errors);
        var type = LineageRules.ParseEnum<LineageAssociationType>(request?.Type, "/type", errors);
        var sourceKind = LineageRules.ParseEnum<LineageEntityKind>(request?.SourceKind, "/sourceKind", errors, required: false);
        var destinationKind = LineageRules.ParseEnum<LineageEntityKind>(request?.DestinationKind, "/destinationKind", errors, required: false);
        if (request?.Source is not null && request.Source == request.Destination)
        {
            errors.Add(new FieldError("/destination", "distinct", "must differ from the source: an entity is not associated with itself"));
        }

        ThrowIfAny(errors);
        for (var attempt = 1; ; attempt++)
        {
            var source = await EndAsync(caller, request!.Source!, sourceKind, "/sourceKind", cancellationToken);
            var destination = await EndAsync(caller, request.Destination!, destinationKind, "/destinationKind", cancellationToken);
            LineageRules.CheckEnds(type!.Value, source.Kind, destination.Kind, errors);
            ThrowIfAny(errors);
            if (source.Id != 0 && destination.Id != 0 && await db.LineageAssociations.AsNoTracking().FirstOrDefaultAsync(
                    a => a.AccountId == caller.AccountId && a.SourceId == source.Id && a.DestinationId == destination.Id && a.Type == type, cancellationToken) is { } existing)
            {
                return (new LineageAssociationDto(source.Key, destination.Key, existing.Type.ToString(), existing.Manual, existing.CreatedAt, existing.CreatedBy), false);
            }

            await LinkAsync(source, destination, type.Value, caller.PrincipalArn, cancellationToken, manual: true);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                var now = db.LineageAssociations.Local.Single(a => a.SourceId == source.Id && a.DestinationId == destination.Id && a.Type == type);
                return (new LineageAssociationDto(source.Key, destination.Key, type.Value.ToString(), true, now.CreatedAt, now.CreatedBy), true);
            }
            catch (DbUpdateException) when (attempt < MaxAttempts)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    public async Task DeleteAssociationAsync(Caller caller, string? sourceKey, string? destinationKey, string? typeText, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        LineageRules.CheckKey(sourceKey, caller.AccountId, "/source", errors);
        LineageRules.CheckKey(destinationKey, caller.AccountId, "/destination", errors);
        var type = LineageRules.ParseEnum<LineageAssociationType>(typeText, "/type", errors);
        ThrowIfAny(errors);
        var association = await db.LineageAssociations
            .Where(a => a.AccountId == caller.AccountId && a.Source!.Key == sourceKey && a.Destination!.Key == destinationKey && a.Type == type)
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException($"No {type} association from '{sourceKey}' to '{destinationKey}' is recorded.");
        if (!association.Manual)
        {
            throw new StewardException(StatusCodes.Status409Conflict, "AutomaticAssociation",
                "Steward recorded this association from a registry or deployment call; only associations added by hand can be deleted.");
        }

        db.LineageAssociations.Remove(association);
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<LineageEntity> EndAsync(Caller caller, string key, LineageEntityKind? kind, string kindPointer, CancellationToken cancellationToken)
    {
        var entity = await db.LineageEntities.FirstOrDefaultAsync(e => e.AccountId == caller.AccountId && e.Key == key, cancellationToken);
        if (entity is not null)
        {
            return kind is { } k && k != entity.Kind ? throw KindConflict(entity) : entity;
        }

        return kind is { } given
            ? await TrackAsync(caller.AccountId, given, key, null, caller.PrincipalArn, cancellationToken)
            : throw new NotFoundException($"No lineage entity '{key}' is recorded; record it first, or give {kindPointer[1..]} to record it with the association.");
    }

    /// <summary>Whole microseconds, as PostgreSQL stores them, so that what a write returns equals what a read returns.</summary>
    private DateTime Now()
    {
        var now = time.GetUtcNow().UtcDateTime;
        return now.AddTicks(-(now.Ticks % 10));
    }

    private static StewardException KindConflict(LineageEntity existing) =>
        new(StatusCodes.Status409Conflict, "LineageEntityKindConflict", $"'{existing.Key}' is already recorded as a {existing.Kind}.");

    private static NotFoundException NotFound(string key) => new($"No lineage entity '{key}' is recorded.");

    private static LineageEntityDto ToDto(LineageEntity e) => new(e.Key, e.Kind.ToString(), e.Name, e.CreatedAt, e.CreatedBy);

    private static void ThrowIfAny(List<FieldError> errors)
    {
        if (errors.Count > 0)
        {
            throw new FieldValidationException(errors);
        }
    }
}
