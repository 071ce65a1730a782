using System.Text;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RabbitMQ.Client;
using Union.Contracts.Events.V1;
using Union.Shared.Messaging;
using Union.Testing;

namespace Union.Shared.Tests;

/// <summary>
/// The consumer queues on the real RabbitMQ server: quorum queues with a delivery limit and a dead-letter
/// queue each, so a message the broker keeps handing back (a consumer that crashes on it, or rejects it)
/// ends in the dead-letter queue instead of going round forever.
/// </summary>
public sealed class QuorumQueueTests : IAsyncLifetime
{
    private const int DeliveryLimit = 2;
    // A service name of its own, so the queues are new on the shared test broker.
    private readonly string _service = $"qq{Guid.NewGuid():N}"[..14];
    private IConnection _connection = null!;

    private string Queue => new KebabCaseEndpointNameFormatter(_service, false).Consumer<ProbeConsumer>();

    public async Task InitializeAsync() =>
        _connection = await new ConnectionFactory { HostName = TestServers.RabbitMqHost }.CreateConnectionAsync();

    public async Task DisposeAsync()
    {
        await using (var channel = await _connection.CreateChannelAsync())
        {
            await channel.QueueDeleteAsync(Queue);
            await channel.QueueDeleteAsync(MessagingExtensions.DeadLetterName(Queue));
            await channel.ExchangeDeleteAsync(MessagingExtensions.DeadLetterName(Queue));
            await channel.ExchangeDeleteAsync(Queue);
        }
        await _connection.DisposeAsync();
    }

    /// <summary>Starts and stops a host with one consumer, which declares its endpoint's queues on the broker.</summary>
    private async Task DeclareEndpointAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["RabbitMq:Host"] = TestServers.RabbitMqHost,
            ["RabbitMq:DeliveryLimit"] = DeliveryLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // No outbox here: the dispatcher's first round fails (no database) and it tries no other.
            ["Outbox:PollInterval"] = "01:00:00",
        });
        builder.AddUnionMessaging(_service, consumers => consumers.Add<ProbeConsumer>());
        // Start returns once the endpoints (and so their queues) are declared.
        builder.Services.Configure<MassTransitHostOptions>(o => o.WaitUntilStarted = true);
        using var host = builder.Build();
        await host.StartAsync();
        await host.StopAsync();
    }

    [Fact]
    public async Task A_consumer_queue_is_a_quorum_queue_with_a_dead_letter_exchange()
    {
        await DeclareEndpointAsync();

        await using var channel = await _connection.CreateChannelAsync();
        // Re-declaring with the same type and dead-letter exchange succeeds; RabbitMQ refuses any other.
        var ok = await channel.QueueDeclareAsync(Queue, durable: true, exclusive: false, autoDelete: false, arguments: new Dictionary<string, object?>
        {
            ["x-queue-type"] = "quorum",
            ["x-delivery-limit"] = DeliveryLimit,
            ["x-dead-letter-exchange"] = MessagingExtensions.DeadLetterName(Queue),
        });
        Assert.Equal(Queue, ok.QueueName);
        await using var classic = await _connection.CreateChannelAsync();
        await Assert.ThrowsAnyAsync<RabbitMQ.Client.Exceptions.OperationInterruptedException>(() =>
            classic.QueueDeclareAsync(Queue, durable: true, exclusive: false, autoDelete: false, arguments: null));
    }

    [Fact]
    public async Task A_message_handed_back_more_often_than_the_delivery_limit_ends_in_the_dead_letter_queue()
    {
        await DeclareEndpointAsync();
        await using var channel = await _connection.CreateChannelAsync();
        var body = Encoding.UTF8.GetBytes("{\"household_id\":\"not-a-guid\"}");
        await channel.BasicPublishAsync(string.Empty, Queue, body);

        // A consumer that rejects the message every time (or crashes holding it) hands it back to the queue.
        var deliveries = 0;
        BasicGetResult? dead = null;
        Assert.True(await Poll.UntilAsync(async () =>
        {
            if (await channel.BasicGetAsync(Queue, autoAck: false) is { } delivery)
            {
                deliveries++;
                await channel.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: true);
            }
            dead = await channel.BasicGetAsync(MessagingExtensions.DeadLetterName(Queue), autoAck: true);
            return dead is not null;
        }));

        Assert.Equal(body, dead!.Body.ToArray());
        Assert.Equal(DeliveryLimit + 1, deliveries);
        Assert.Equal(0u, await channel.MessageCountAsync(Queue));
    }

    public sealed class ProbeConsumer : IConsumer<HouseholdRegistered>
    {
        public Task Consume(ConsumeContext<HouseholdRegistered> context) => Task.CompletedTask;
    }
}
