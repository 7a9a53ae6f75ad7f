using System.Net.Sockets;
using System.Text;
using Steward.Cli.Tests.Infrastructure;

namespace Steward.Cli.Tests.Serve;

/// <summary>A client that goes away in the middle of its request is not the server's failure, and is not logged as one.</summary>
public sealed class ClientDisconnectTests : IDisposable
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("steward-cli-");

    public void Dispose() => _data.Delete(recursive: true);

    [Theory]
    [InlineData("PUT", "/api/v1/model-cards/half-sent", "application/json")]
    [InlineData("POST", "/", "application/x-amz-json-1.1")]
    public async Task A_request_body_cut_off_by_the_client_logs_no_failure(string method, string path, string contentType)
    {
        await using var server = await StewardProcess.StartAsync(_data.FullName);
        using (var client = new TcpClient())
        {
            await client.ConnectAsync(server.Endpoint.Host, server.Endpoint.Port);
            var head = $"{method} {path} HTTP/1.1\r\nHost: {server.Endpoint.Authority}\r\nAuthorization: Bearer {server.KeyId}:{server.Secret}\r\n" +
                $"X-Amz-Target: SageMaker.DescribeModelCard\r\nContent-Type: {contentType}\r\nContent-Length: 10000\r\n\r\n{{\"content\": {{\"model_overview\":";
            await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(head));
            await client.GetStream().FlushAsync();
            await Task.Delay(300);
            // Gone at once (a reset, as a load tool stopping or a killed client leaves it), not a polite close.
            client.Client.LingerState = new LingerOption(true, 0);
        }

        // The server is still well, and said nothing about the request it could not finish.
        using var http = new HttpClient { BaseAddress = server.Endpoint };
        var deadline = DateTime.UtcNow.AddSeconds(2);
        while (DateTime.UtcNow < deadline)
        {
            Assert.True((await http.GetAsync("healthz")).IsSuccessStatusCode);
            await Task.Delay(200);
        }

        Assert.DoesNotContain("fail:", server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("error handler", server.Output, StringComparison.Ordinal);
    }
}
