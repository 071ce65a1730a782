using MassTransit;
using MassTransit.Serialization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Union.Shared.Hosting;

namespace Union.Shared.Messaging;

/// <summary>Broker settings: when <c>RabbitMq:Host</c> is empty the in-memory transport is used (local runs).</summary>
public sealed class RabbitMqOptions
{
    public const string Section = "RabbitMq";
    public string? Host { get; set; }
    public ushort Port { get; set; } = 5672;
    public string VirtualHost { get; set; } = "/";
    public string Username { get; set; } = "guest";
    public string Password { get; set; } = "guest";
    /// <summary>
    /// Consumer queues are quorum queues (replicated, with a delivery limit and a dead-letter queue).
    /// False keeps classic queues, for a cluster whose classic queues of the same names have not yet
    /// been replaced (docs/operations.md): RabbitMQ refuses to re-declare a queue as another type.
    /// </summary>
    public bool QuorumQueues { get; set; } = true;
    /// <summary>
    /// How many times the broker hands one message back to a consumer queue (a consumer that crashed
    /// holding it, or rejected it) before moving it to the queue's dead-letter queue. Failures the
    /// consumer catches go through its retries to the error queue instead; this is the last guard.
    /// </summary>
    public int DeliveryLimit { get; set; } = 20;
}

public static class MessagingExtensions
{
    /// <summary>
    /// MassTransit on RabbitMQ (or in memory), events as canonical proto3 JSON bodies on exchanges
    /// named by the proto full name (e.g. union.events.v1.HouseholdRegistered), one queue per consumer
    /// named "&lt;service&gt;-&lt;consumer&gt;", and the project's own outbox dispatcher.
    /// </summary>
    /// <remarks>
    /// In the embedded suite host (<see cref="SuiteMembership"/>) the service does not get a bus of
    /// its own: its outbox publishes on the suite's shared in-memory bus, and its consumers are
    /// handed to the suite host, which gives each its receive endpoint on that bus.
    /// </remarks>
    public static IHostApplicationBuilder AddUnionMessaging(this IHostApplicationBuilder builder, string serviceName,
        Action<EventConsumers>? addConsumers = null)
    {
        var consumers = new EventConsumers();
        addConsumers?.Invoke(consumers);
        var rabbit = builder.Configuration.GetSection(RabbitMqOptions.Section).Get<RabbitMqOptions>() ?? new RabbitMqOptions();
        var outbox = builder.Configuration.GetSection(OutboxOptions.Section).Get<OutboxOptions>() ?? new OutboxOptions();
        builder.Services.AddSingleton(outbox);
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<OutboxDispatcher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());

        UseProtobufJson();

        if (SuiteMembership.Of(builder)?.Bus is { } shared)
        {
            // Resolved when the outbox first publishes, after the suite host has started the bus.
            builder.Services.AddSingleton<IBus>(_ => shared.Bus);
            builder.Services.AddSingleton<IPublishEndpoint>(sp => sp.GetRequiredService<IBus>());
            builder.Services.AddSingleton(new ServiceEventConsumers(serviceName, consumers));
            return builder;
        }

        builder.Services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(serviceName, false));
            foreach (var consumer in consumers.All) consumer.Register(bus);
            bus.AddConfigureEndpointsCallback((_, queueName, endpoint) =>
            {
                // Only the RabbitMQ endpoints: the in-memory transport has no queue types.
                if (rabbit.QuorumQueues && endpoint is IRabbitMqReceiveEndpointConfigurator rabbitEndpoint)
                    UseQuorumQueue(rabbitEndpoint, queueName, rabbit.DeliveryLimit);
            });

            if (string.IsNullOrWhiteSpace(rabbit.Host))
            {
                bus.UsingInMemory((context, cfg) =>
                {
                    ConfigureBus(cfg);
                    cfg.ConfigureEndpoints(context);
                });
            }
            else
            {
                bus.UsingRabbitMq((context, cfg) =>
                {
                    cfg.Host(rabbit.Host, rabbit.Port, rabbit.VirtualHost, h =>
                    {
                        h.Username(rabbit.Username);
                        h.Password(rabbit.Password);
                        h.PublisherConfirmation = true;
                        h.RequestedConnectionTimeout(TimeSpan.FromSeconds(5));
                    });
                    ConfigureBus(cfg);
                    cfg.ConfigureEndpoints(context);
                });
            }
        });
        return builder;
    }

    /// <summary>The dead-letter exchange and queue of a consumer queue: "&lt;queue&gt;_dead-letter".</summary>
    public static string DeadLetterName(string queueName) => $"{queueName}_dead-letter";

    /// <summary>
    /// A consumer queue as a quorum queue: replicated across the cluster's nodes, and with a delivery
    /// limit, past which the broker moves a message to the queue's own dead-letter exchange and queue
    /// (declared and bound here), so a message that keeps a consumer from finishing cannot go round
    /// forever. Operations read and re-queue it there (docs/operations.md).
    /// </summary>
    private static void UseQuorumQueue(IRabbitMqReceiveEndpointConfigurator endpoint, string queueName, int deliveryLimit)
    {
        endpoint.SetQuorumQueue();
        endpoint.SetQueueArgument("x-delivery-limit", deliveryLimit);
        endpoint.BindDeadLetterQueue(DeadLetterName(queueName), DeadLetterName(queueName), q => q.SetQuorumQueue());
    }

    /// <summary>Events travel as canonical proto3 JSON; the converter is added to MassTransit's serializer once per process.</summary>
    internal static void UseProtobufJson()
    {
        lock (SystemTextJsonMessageSerializer.Options)
        {
            if (!SystemTextJsonMessageSerializer.Options.Converters.OfType<ProtobufJsonConverterFactory>().Any())
                SystemTextJsonMessageSerializer.Options.Converters.Insert(0, new ProtobufJsonConverterFactory());
        }
    }

    /// <summary>What every bus of the suite shares, whatever its transport: exchange names and the serializer.</summary>
    internal static void ConfigureBus(IBusFactoryConfigurator cfg)
    {
        cfg.MessageTopology.SetEntityNameFormatter(new ProtoEntityNameFormatter(cfg.MessageTopology.EntityNameFormatter));
        cfg.UseRawJsonSerializer(RawSerializerOptions.AddTransportHeaders | RawSerializerOptions.CopyHeaders | RawSerializerOptions.AnyMessageType, isDefault: true);
    }
}

/// <summary>Exchanges carry the proto full name of the event, the name every language knows it by.</summary>
public sealed class ProtoEntityNameFormatter(IEntityNameFormatter fallback) : IEntityNameFormatter
{
    public string FormatEntityName<T>()
    {
        var descriptor = typeof(T).GetProperty("Descriptor", System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)?.GetValue(null)
            as Google.Protobuf.Reflection.MessageDescriptor;
        return descriptor?.FullName ?? fallback.FormatEntityName<T>();
    }
}

/// <summary>Retries for every consumer: quick in-process retries, then redelivery later, then the error queue.</summary>
public sealed class IntegrationEventConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer> where TConsumer : class, IConsumer
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(r => r.Intervals(100, 500, 1000, 2000, 5000));
    }
}
