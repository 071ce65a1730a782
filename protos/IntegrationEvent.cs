using Union.Contracts.Events.V1;

namespace Union.Contracts;

/// <summary>An integration event: a protobuf message whose first field is the common header.</summary>
public interface IIntegrationEvent : Google.Protobuf.IMessage
{
    EventHeader Header { get; set; }
}

/// <summary>Every message in events.proto, so the outbox and the bus can find them by name.</summary>
public static class IntegrationEvents
{
    public static IReadOnlyDictionary<string, Google.Protobuf.Reflection.MessageDescriptor> ByFullName { get; } =
        EventsReflection.Descriptor.MessageTypes
            .Where(m => m.ClrType is not null && typeof(IIntegrationEvent).IsAssignableFrom(m.ClrType))
            .ToDictionary(m => m.FullName);
}
