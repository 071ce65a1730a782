using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Union.Contracts.Events.V1;

namespace Union.Benchmarks;

/// <summary>
/// Integration events as they travel: the outbox stores <c>JsonFormatter.Default.Format(event)</c>
/// (UnionDbContext), the dispatcher parses it back with <c>JsonParser.Default</c> before publishing
/// (OutboxDispatcher), and consumers read the bus body with a parser that ignores unknown fields
/// (ProtobufJsonConverterFactory).
/// </summary>
[MemoryDiagnoser]
public class EventSerialisationBenchmarks
{
    private static readonly JsonParser ConsumerParser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));
    private HouseholdRegistered _event = null!;
    private string _json = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _event = new HouseholdRegistered
        {
            Header = new EventHeader
            {
                EventId = "5b0f2c8e-8d0f-4a59-9a53-3f5f0a6f1c11",
                OccurredAt = Timestamp.FromDateTime(new DateTime(2026, 3, 14, 2, 30, 0, DateTimeKind.Utc)),
                OrganisationPath = "51/5101/510104",
                CorrelationId = "0f6b7a52-1c0e-4a8e-9d1e-7d8c2b3a4f55",
            },
            HouseholdId = "9d3c1f7a-2b4e-4c6d-8e0f-1a2b3c4d5e6f",
            ArchiveStatus = "DRAFT",
        };
        _json = JsonFormatter.Default.Format(_event);
    }

    [Benchmark(Description = "JsonFormatter.Format")]
    public string Format() => JsonFormatter.Default.Format(_event);

    [Benchmark(Description = "JsonParser.Default.Parse (outbox)")]
    public HouseholdRegistered Parse() => JsonParser.Default.Parse<HouseholdRegistered>(_json);

    [Benchmark(Description = "JsonParser ignore-unknown (consumer)")]
    public HouseholdRegistered ParseIgnoringUnknown() => ConsumerParser.Parse<HouseholdRegistered>(_json);
}
