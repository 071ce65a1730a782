using MassTransit;
using MassTransit.Context;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Union.Shared.Messaging;

/// <summary>
/// The one MassTransit in-memory bus the embedded suite host shares among its four services, so
/// an event one service publishes reaches the others' consumers as it does over RabbitMQ. An
/// in-memory transport belongs to one bus, so the bus lives in a small container of its own,
/// configured like <see cref="MessagingExtensions.AddUnionMessaging"/> configures a service's bus
/// (proto JSON bodies, exchanges named by the proto full name). Each service publishes on it from
/// its own outbox, and each consumer gets a receive endpoint named as in RabbitMQ mode
/// ("&lt;service&gt;-&lt;consumer&gt;"), with the consumers' retry policy, whose consumer is made in a
/// scope of its own service's container: its own DbContext, inbox and outbox.
/// </summary>
public sealed class SharedInMemoryBus : IAsyncDisposable
{
    private readonly List<(string Service, IServiceProvider Services, EventConsumers Consumers)> _members = [];
    private readonly ServiceProvider _container;
    private IBusControl? _bus;

    public SharedInMemoryBus(ILoggerFactory? loggerFactory = null)
    {
        MessagingExtensions.UseProtobufJson();
        var services = new ServiceCollection();
        if (loggerFactory is not null) services.AddSingleton(loggerFactory);
        services.AddLogging();
        services.AddMassTransit(bus => bus.UsingInMemory((context, cfg) =>
        {
            MessagingExtensions.ConfigureBus(cfg);
            foreach (var (service, provider, consumers) in _members)
            {
                var names = new KebabCaseEndpointNameFormatter(service, false);
                foreach (var consumer in consumers.All) consumer.ConfigureSharedEndpoint(cfg, names, provider, context);
            }
        }));
        _container = services.BuildServiceProvider();
    }

    /// <summary>The bus a member service publishes on (its outbox dispatcher's IPublishEndpoint).</summary>
    public IBus Bus => _bus ?? throw new InvalidOperationException("The shared bus is used before the suite host started it.");

    /// <summary>Adds a built service's consumers; every member joins before <see cref="StartAsync"/>.</summary>
    public void Attach(string service, IServiceProvider services)
    {
        if (_bus is not null) throw new InvalidOperationException($"{service} joined the shared bus after it started.");
        _members.Add((service, services, services.GetRequiredService<ServiceEventConsumers>().Consumers));
    }

    /// <summary>Creates the bus with every member's receive endpoints and starts it, before any service publishes.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        _bus = _container.GetRequiredService<IBusControl>();
        await _bus.StartAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_bus is not null) await _bus.StopAsync(TimeSpan.FromSeconds(10));
        await _container.DisposeAsync();
    }
}

/// <summary>
/// Makes a consumer for each message in a new scope of its own service's container, as
/// MassTransit's scoped factory does inside one service.
/// </summary>
public sealed class ServiceScopeConsumerFactory<TConsumer>(IServiceProvider services) : IConsumerFactory<TConsumer>
    where TConsumer : class
{
    public async Task Send<TMessage>(ConsumeContext<TMessage> context, IPipe<ConsumerConsumeContext<TConsumer, TMessage>> next)
        where TMessage : class
    {
        await using var scope = services.CreateAsyncScope();
        var consumer = ActivatorUtilities.CreateInstance<TConsumer>(scope.ServiceProvider);
        await next.Send(new ConsumerConsumeContextScope<TConsumer, TMessage>(context, consumer));
    }

    public void Probe(ProbeContext context) => context.CreateConsumerFactoryScope<TConsumer>("service-scope");
}
