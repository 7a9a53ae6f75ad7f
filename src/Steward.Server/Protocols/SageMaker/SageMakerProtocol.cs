using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Steward.Server.Access.Authentication;
using Steward.Server.Access.Authorization;
using Steward.Server.Access.SigV4;
using Steward.Server.Hosting;
using Steward.Server.Protocols.SageMaker.ServiceModel;

namespace Steward.Server.Protocols.SageMaker;

/// <summary>The operation a SageMaker request calls, with its validated input; set once the request is resolved.</summary>
public sealed record SageMakerCall(OperationModel Model, SageMakerOperation Operation, SageMakerInput Input);

/// <summary>
/// The SageMaker protocol (awsJson1_1): <c>POST /</c> with <c>X-Amz-Target: SageMaker.&lt;Operation&gt;</c>,
/// <c>Content-Type: application/x-amz-json-1.1</c> and a SigV4 signature for service <c>sagemaker</c> that covers
/// both headers. The adapter only translates: it checks the request against the operation's input shape, declares
/// the action <c>sagemaker:&lt;Operation&gt;</c> and resource to the access middleware (which authorizes and audits as for
/// every endpoint), calls the operation, and writes the output or the error in SageMaker's form.
/// </summary>
public static class SageMakerProtocol
{
    public const string TargetHeader = "X-Amz-Target";

    public static IServiceCollection AddSageMakerProtocol(this IServiceCollection services)
    {
        services.AddSingleton(_ => SageMakerServiceModel.Instance);
        services.AddSingleton<SageMakerOperations>();
        services.AddSingleton<SageMakerPageTokens>();
        services.AddSingleton<ISageMakerOperationSet, Operations.ModelCardOperations>();
        services.AddSingleton<ISageMakerOperationSet, Operations.TagOperations>();
        services.AddSingleton<ISageMakerOperationSet, Operations.RegistryOperations>();
        services.AddSingleton<ISageMakerOperationSet, Search.SearchOperation>();
        services.AddSingleton<Search.ISageMakerSearchSource, Search.ModelCardSearchSource>();
        services.AddSingleton<Search.ISageMakerSearchSource, Search.ModelPackageSearchSource>();
        services.AddSingleton<Search.ISageMakerSearchSource, Search.ModelPackageGroupSearchSource>();
        services.AddSingleton<Search.ISageMakerSearchSource, Search.ModelDashboardSearchSource>();
        return services;
    }

    public static IEndpointRouteBuilder MapSageMakerProtocol(this IEndpointRouteBuilder app)
    {
        app.MapPost("/", Handle)
            .WithMetadata(new SageMakerActionResolver())
            .WithMetadata(SageMakerErrors.Instance)
            // Handle binds services and the caller, nothing a client sends: the input is checked against its shape.
            .DisableValidation()
            .ExcludeFromDescription();
        return app;
    }

    public static async Task Handle(HttpContext context, Caller caller, SageMakerPageTokens tokens, IOptions<StewardOptions> options)
    {
        var call = context.Features.Get<SageMakerCall>() ?? throw new InvalidOperationException("The SageMaker request was not resolved.");
        string? binding = null;
        string? pageToken = null;
        if (call.Model.Input?.Members.ContainsKey("NextToken") == true)
        {
            binding = SageMakerPageTokens.Binding(call.Model.Name, caller.AccountId, call.Input.Root);
            if (call.Input.String("NextToken") is { } token)
            {
                pageToken = tokens.Unwrap(token, binding);
            }
        }

        var invocation = new SageMakerInvocation(caller, call.Input, context.RequestServices, options.Value.Region, pageToken, context.RequestAborted);
        if (call.Operation.Write is { } write && binding is null)
        {
            // Written from the stored data by the operation, with no JSON object or serializer in between.
            await WriteDirectAsync(context, await write(invocation));
            return;
        }

        var output = await call.Operation.Invoke(invocation);
        if (binding is not null && output["NextToken"] is JsonValue next)
        {
            output["NextToken"] = tokens.Wrap(next.GetValue<string>(), binding);
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(output, SageMakerOutput.SerializerOptions);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = SageMakerErrors.ContentType;
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }
    // The thread's own buffer and writer for a direct output, used only while nothing is awaited; one that grew past
    // this (a card of 100,000 characters) is let go rather than kept by the thread.
    private const int MaxKeptBuffer = 256 * 1024;

    [ThreadStatic]
    private static (ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Writer)? t_output;

    /// <summary>
    /// The output made in memory first, so that it goes out with a <c>Content-Length</c> (as SageMaker answers) and
    /// headers and body leave in one write when the handler returns.
    /// </summary>
    private static Task WriteDirectAsync(HttpContext context, ISageMakerOutput output)
    {
        var (buffer, writer) = t_output ??= (new ArrayBufferWriter<byte>(4096), new Utf8JsonWriter(Stream.Null, SageMakerOutput.WriterOptions));
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        output.WriteTo(writer);
        writer.Flush();
        if (buffer.Capacity > MaxKeptBuffer)
        {
            t_output = null;
        }

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = SageMakerErrors.ContentType;
        response.ContentLength = buffer.WrittenCount;
        var started = response.StartAsync(context.RequestAborted);
        if (started.IsCompletedSuccessfully)
        {
            response.BodyWriter.Write(buffer.WrittenSpan);
            return Task.CompletedTask;
        }

        return WriteWhenStartedAsync(started, response, buffer.WrittenSpan.ToArray());
    }

    private static async Task WriteWhenStartedAsync(Task started, HttpResponse response, byte[] body)
    {
        await started;
        response.BodyWriter.Write(body);
    }
}

/// <summary>Reads a SageMaker request into its declaration: operation, signature rules, content type, input shape, resource.</summary>
public sealed class SageMakerActionResolver : IActionResolver
{
    private const int MaxDepth = 64;

    // Every X-Amz-Target the service model knows, to its operation name and IAM action: one look-up of the header
    // value as sent, no substring or concatenation per request.
    private static readonly Dictionary<string, (string Name, string Action)> Targets = SageMakerServiceModel.Instance.Operations.Keys
        .ToDictionary(name => SageMakerServiceModel.Instance.TargetPrefix + "." + name, name => (name, "sagemaker:" + name), StringComparer.Ordinal);

    public string? PeekAction(HttpContext context) =>
        Targets.TryGetValue(context.Request.Headers[SageMakerProtocol.TargetHeader].ToString(), out var known) ? known.Action : null;

    public async ValueTask<ActionDeclaration> ResolveAsync(HttpContext context, Caller caller, ResourceContext resource)
    {
        var model = SageMakerServiceModel.Instance;
        var target = context.Request.Headers[SageMakerProtocol.TargetHeader].ToString();
        if (target.Length == 0)
        {
            throw SageMakerException.UnknownOperation("The request has no X-Amz-Target header; send X-Amz-Target: SageMaker.<Operation>.");
        }

        if (!Targets.TryGetValue(target, out var known) || !model.Operations.TryGetValue(known.Name, out var operationModel))
        {
            throw SageMakerException.UnknownOperation($"Operation '{target}' is not a SageMaker operation this endpoint knows.");
        }

        var name = known.Name;
        var operation = context.RequestServices.GetRequiredService<SageMakerOperations>().Find(name)
            ?? throw SageMakerException.UnknownOperation($"Operation {name} is not supported by Steward yet.");
        CheckSignature(context);
        var contentType = context.Request.ContentType;
        if (contentType is null || !MediaType(contentType).Equals(SageMakerErrors.ContentType, StringComparison.OrdinalIgnoreCase))
        {
            throw SageMakerException.UnknownOperation(
                $"Content-Type '{contentType}' is not {SageMakerErrors.ContentType}, so the request is not a SageMaker call.");
        }

        var input = await ReadInputAsync(context, operationModel);
        context.Features.Set(new SageMakerCall(operationModel, operation, input));
        return new ActionDeclaration(known.Action, _ => operation.Resource(input, resource)) { ReadOnly = operation.ReadOnly };
    }

    /// <summary>The media type of a Content-Type value: before any parameters, trimmed.</summary>
    private static ReadOnlySpan<char> MediaType(string contentType)
    {
        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        return (semicolon < 0 ? contentType.AsSpan() : contentType.AsSpan(0, semicolon)).Trim();
    }

    /// <summary>SigV4 in the header, scoped to service <c>sagemaker</c>, covering the operation and content type.</summary>
    private static void CheckSignature(HttpContext context)
    {
        var authorization = context.Features.Get<SigV4Authorization>();
        if (authorization is null || authorization.Mode != SigV4Mode.Header)
        {
            throw new SageMakerException(StatusCodes.Status403Forbidden, SageMakerErrors.IncompleteSignature,
                "The SageMaker protocol takes AWS Signature Version 4 in the Authorization header (service 'sagemaker'); use the REST API for Bearer tokens.");
        }

        if (authorization.Scope.Service != SageMakerServiceModel.Instance.SigningName)
        {
            throw new SageMakerException(StatusCodes.Status403Forbidden, SageMakerErrors.InvalidSignature,
                $"Credential should be scoped to correct service: 'sagemaker', not '{authorization.Scope.Service}'.");
        }

        RequireSigned(authorization, "content-type");
        RequireSigned(authorization, "x-amz-target");
    }

    private static void RequireSigned(SigV4Authorization authorization, string header)
    {
        foreach (var signed in authorization.SignedHeaders)
        {
            if (string.Equals(signed, header, StringComparison.Ordinal))
            {
                return;
            }
        }

        throw new SageMakerException(StatusCodes.Status403Forbidden, SageMakerErrors.IncompleteSignature,
            $"The {header} header must be signed (listed in SignedHeaders).");
    }

    /// <summary>The request body: the buffer the signature check already read it into, or read now.</summary>
    private static async Task<ReadOnlyMemory<byte>> BodyAsync(HttpContext context)
    {
        if (context.Request.Body is MemoryStream buffered && buffered.TryGetBuffer(out var segment))
        {
            return segment.AsMemory((int)buffered.Position);
        }

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        return buffer.ToArray();
    }

    private static async Task<SageMakerInput> ReadInputAsync(HttpContext context, OperationModel operation)
    {
        var body = await BodyAsync(context);
        JsonDocument document;
        try
        {
            document = body.Length == 0
                ? JsonDocument.Parse("{}")
                : JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException ex)
        {
            throw SageMakerException.Serialization("The request body is not valid JSON: " + ex.Message.ReplaceLineEndings(" "));
        }

        context.Response.RegisterForDispose(document);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw SageMakerException.Serialization($"The request body must be a JSON object, not {document.RootElement.ValueKind.ToString().ToLowerInvariant()}.");
        }

        if (operation.Input is { } shape)
        {
            ShapeValidator.Validate(shape, document.RootElement);
        }

        return new SageMakerInput(document.RootElement);
    }
}
