using System.Net;
using System.Text.Json;

namespace Steward.Server.Tests.Infrastructure;

/// <summary>Reads responses the way a client would, and checks what every error must look like.</summary>
public static class HttpAssertions
{
    /// <summary>Asserts an RFC 7807 problem with the given status and code, free of stack traces, SQL and paths.</summary>
    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {status}, got {response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        AssertNoLeaks(body);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        return problem;
    }

    public static void AssertNoLeaks(string body)
    {
        foreach (var leak in new[] { "   at ", "Exception:", "SELECT ", "INSERT ", "/tmp/", "/work/", "steward.db", "StackTrace" })
        {
            Assert.DoesNotContain(leak, body, StringComparison.Ordinal);
        }
    }

    public static string RequestId(HttpResponseMessage response) => response.Headers.GetValues("x-amzn-RequestId").Single();
}
