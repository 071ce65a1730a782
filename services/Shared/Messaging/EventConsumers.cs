using MassTransit;

namespace Union.Shared.Messaging;

/// <summary>
/// The consumers of one service, each with the consumers' retry policy
/// (<see cref="IntegrationEventConsumerDefinition{TConsumer}"/>). Alone, a service registers them
/// on its own bus; in the embedded suite host the shared bus gives each a receive endpoint.
/// </summary>
public sealed class EventConsumers
{
    private readonly List<IEventConsumer> _all = [];

    public IReadOnlyList<IEventConsumer> All => _all;

    public EventConsumers Add<TConsumer>() where TConsumer : class, IConsumer
    {
        _all.Add(new EventConsumer<TConsumer>());
        return this;
    }
}

/// <summary>One consumer, with what it takes to register it on a service's bus or on the shared one.</summary>
public interface IEventConsumer
{
    Type ConsumerType { get; }

    void Register(IBusRegistrationConfigurator bus);

    void ConfigureSharedEndpoint(IBusFactoryConfigurator bus, IEndpointNameFormatter names, IServiceProvider services, IRegistrationContext context);
}

internal sealed class EventConsumer<TConsumer> : IEventConsumer where TConsumer : class, IConsumer
{
    public Type ConsumerType => typeof(TConsumer);

    public void Register(IBusRegistrationConfigurator bus) =>
        bus.AddConsumer<TConsumer, IntegrationEventConsumerDefinition<TConsumer>>();

    public void ConfigureSharedEndpoint(IBusFactoryConfigurator bus, IEndpointNameFormatter names, IServiceProvider services, IRegistrationContext context) =>
        bus.ReceiveEndpoint(names.Consumer<TConsumer>(), endpoint =>
        {
            IConsumerDefinition<TConsumer> definition = new IntegrationEventConsumerDefinition<TConsumer>();
            endpoint.Consumer(new ServiceScopeConsumerFactory<TConsumer>(services), consumer => definition.Configure(endpoint, consumer, context));
        });
}

/// <summary>A suite member's consumers, for the suite host to give them endpoints on the shared bus.</summary>
public sealed record ServiceEventConsumers(string Service, EventConsumers Consumers);
