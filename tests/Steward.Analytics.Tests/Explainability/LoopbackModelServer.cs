using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Steward.Analytics.Tests.Explainability;

/// <summary>
/// A real HTTP model endpoint on 127.0.0.1 (HttpListener) for the adapter tests: reads CSV or JSON rows, applies a
/// function per row and answers in the format the test asks for. Stops when disposed.
/// </summary>
internal sealed class LoopbackModelServer : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly Func<float[], float[]> model;
    private readonly Func<float[][], string, (string Body, string ContentType, int Status)> respond;
    private readonly Task loop;
    private int requests;

    public LoopbackModelServer(Func<float[], float[]> model, Func<float[][], string, (string Body, string ContentType, int Status)>? respond = null)
    {
        this.model = model;
        this.respond = respond ?? CsvResponse;
        var port = FreePort();
        Uri = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/invocations");
        listener.Prefixes.Add($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public Uri Uri { get; }

    public int Requests => Volatile.Read(ref requests);

    public static (string, string, int) CsvResponse(float[][] outputs, string requestType) =>
        (string.Join('\n', outputs.Select(o => string.Join(',', o.Select(v => v.ToString("R", CultureInfo.InvariantCulture))))), "text/csv", 200);

    public static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        listener.Close();
        try
        {
            await loop;
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
        {
        }
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            Interlocked.Increment(ref requests);
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var type = context.Request.ContentType ?? string.Empty;
            var rows = type.Contains("json", StringComparison.Ordinal) ? ParseJson(body) : ParseCsv(body);
            var (text, contentType, status) = respond([.. rows.Select(model)], type);
            var bytes = Encoding.UTF8.GetBytes(text);
            context.Response.StatusCode = status;
            context.Response.ContentType = contentType;
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    private static float[][] ParseCsv(string body) =>
        [.. body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(',').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray())];

    private static float[][] ParseJson(string body)
    {
        using var document = System.Text.Json.JsonDocument.Parse(body);
        return [.. document.RootElement.GetProperty("instances").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetSingle()).ToArray())];
    }
}
