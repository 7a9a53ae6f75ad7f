using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Steward.Server.Access.Authorization;
using Steward.Server.Tests.Infrastructure;

namespace Steward.Server.Tests.Access;

/// <summary>
/// Every registered endpoint either declares the action it performs or is on the explicit public list, and every
/// non-public endpoint refuses a call without credentials. A new route that forgets either fails here.
/// </summary>
public sealed partial class RouteCensusTests(Servers servers)
{
    /// <summary>The only routes anyone may call without credentials.</summary>
    private static readonly string[] PublicRoutePrefixes = ["/healthz", "/openapi/", "/scalar"];

    private async Task<IReadOnlyList<RouteEndpoint>> EndpointsAsync()
    {
        var server = await servers.GetAsync(Provider.Sqlite);
        return [.. server.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()];
    }

    [Fact]
    public async Task Every_endpoint_declares_an_action_or_is_explicitly_public()
    {
        var endpoints = await EndpointsAsync();
        Assert.NotEmpty(endpoints);
        foreach (var endpoint in endpoints)
        {
            var route = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            var isPublic = endpoint.Metadata.GetMetadata<PublicEndpoint>() is not null;
            var declaration = endpoint.Metadata.GetMetadata<ActionDeclaration>();
            if (isPublic)
            {
                Assert.True(PublicRoutePrefixes.Any(p => route.StartsWith(p, StringComparison.Ordinal)), $"{route} is public but not on the public list");
                continue;
            }

            if (endpoint.Metadata.GetMetadata<IActionResolver>() is not null)
            {
                // One route, an action per request (the SageMaker protocol): its operations are checked by its own tests.
                continue;
            }

            Assert.True(declaration is not null, $"{route} declares no action");
            Assert.Matches("^(steward|sagemaker):[A-Z][A-Za-z]+$", declaration!.Action);
        }
    }

    [Fact]
    public async Task Every_non_public_endpoint_answers_401_without_credentials()
    {
        var server = await servers.GetAsync(Provider.Sqlite);
        using var http = server.CreateAnonymousClient();
        var probed = 0;
        foreach (var endpoint in await EndpointsAsync())
        {
            if (endpoint.Metadata.GetMetadata<PublicEndpoint>() is not null)
            {
                continue;
            }

            var path = RouteParameter().Replace("/" + endpoint.RoutePattern.RawText!.TrimStart('/'), "x");
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method != HttpMethods.Get && method != HttpMethods.Delete)
                {
                    request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
                }

                var response = await http.SendAsync(request);
                // A protocol with its own error format answers as that protocol does (SageMaker: 403 MissingAuthenticationToken).
                var expected = endpoint.Metadata.GetMetadata<Steward.Server.Hosting.IErrorResponseWriter>() is null ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden;
                Assert.True(response.StatusCode == expected, $"{method} {path} answered {response.StatusCode} without credentials");
                probed++;
            }
        }

        Assert.True(probed >= 8, $"only {probed} endpoints probed");
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();
}
