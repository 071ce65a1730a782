using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Union.Funds.Domain;
using Union.Funds.Messaging;

namespace Union.Funds.Tests;

/// <summary>
/// The production SMS adapter against a real HTTP server on loopback (Kestrel), not a mock: it
/// posts the JSON the SMS gateway expects, retries a 5xx quickly, and fails the attempt when the
/// gateway keeps refusing or does not answer in time.
/// </summary>
public sealed class HttpNotificationSenderTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private readonly ConcurrentQueue<(string Body, string? Key)> _received = new();
    /// <summary>How many requests answer 503 before one answers 200; -1 always 503; -2 never answers in time.</summary>
    private int _failFirst;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.MapPost("/sms", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            _received.Enqueue((await reader.ReadToEndAsync(), http.Request.Headers["Idempotency-Key"].FirstOrDefault()));
            if (_failFirst == -2) await Task.Delay(TimeSpan.FromSeconds(30), http.RequestAborted);
            if (_failFirst == -1 || Interlocked.Decrement(ref _failFirst) >= 0) return Results.StatusCode(503);
            return Results.Ok();
        });
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private HttpNotificationSender Sender(TimeSpan? timeout = null)
    {
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new HttpNotificationSender(new HttpClient(), new NotificationOptions
        {
            Sender = "http",
            Endpoint = new Uri(address + "/sms"),
            Timeout = timeout ?? TimeSpan.FromSeconds(10),
            HttpRetries = 2,
            HttpRetryDelay = TimeSpan.FromMilliseconds(10),
        });
    }

    private static NotificationMessage Message() => new(Guid.NewGuid(), "13812345678", "【工会帮扶】您好，工会已于2024年10月10日向您的工会会员服务卡发放生活救助资金500.00元，请注意查收。");

    [Fact]
    public async Task It_posts_the_phone_and_text_as_json_with_the_notice_id_as_idempotency_key()
    {
        var message = Message();

        await Sender().SendAsync(message, CancellationToken.None);

        var (body, key) = Assert.Single(_received);
        using var json = JsonDocument.Parse(body);
        Assert.Equal(message.Id.ToString(), json.RootElement.GetProperty("id").GetString());
        Assert.Equal("13812345678", json.RootElement.GetProperty("phone").GetString());
        Assert.Equal(message.Text, json.RootElement.GetProperty("text").GetString());
        Assert.Equal(message.Id.ToString(), key);
    }

    [Fact]
    public async Task A_passing_server_error_is_retried()
    {
        _failFirst = 2;

        await Sender().SendAsync(Message(), CancellationToken.None);

        Assert.Equal(3, _received.Count);
    }

    [Fact]
    public async Task A_gateway_that_keeps_refusing_fails_the_attempt_without_the_phone_in_the_error()
    {
        _failFirst = -1;

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => Sender().SendAsync(Message(), CancellationToken.None));

        Assert.Equal(3, _received.Count);
        Assert.DoesNotContain("13812345678", e.Message);
    }

    [Fact]
    public async Task A_gateway_that_does_not_answer_in_time_fails_the_attempt()
    {
        _failFirst = -2;

        await Assert.ThrowsAsync<Polly.Timeout.TimeoutRejectedException>(() => Sender(TimeSpan.FromMilliseconds(200)).SendAsync(Message(), CancellationToken.None));
    }
}
