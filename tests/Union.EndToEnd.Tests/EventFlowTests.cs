using System.Text;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using RabbitMQ.Client;
using Union.Contracts.Archives.V1;
using Union.Contracts.Events.V1;
using Union.Contracts.Funds.V1;
using Union.Testing;

namespace Union.EndToEnd.Tests;

/// <summary>Events between services over the real broker: delivered, deduplicated, never lost.</summary>
[Collection(SuiteCollection.Name)]
public class EventFlowTests(Suite suite)
{
    private const string County = "51/5101/510104";

    private HouseholdArchives.HouseholdArchivesClient Archives => new(suite.As(County, "caseworker"));
    private FundLedger.FundLedgerClient Funds => new(suite.As(County, "finance"));

    private async Task<HouseholdStanding?> StandingAsync(string householdId)
    {
        try { return await Funds.GetHouseholdStandingAsync(new GetHouseholdStandingRequest { HouseholdId = householdId }); }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound) { return null; }
    }

    private async Task<HouseholdStanding> ArrivedInFundsAsync(string householdId, TimeSpan? timeout = null)
    {
        HouseholdStanding? standing = null;
        var arrived = await Poll.UntilAsync(async () => (standing = await StandingAsync(householdId)) is not null, timeout ?? TimeSpan.FromSeconds(30));
        Assert.True(arrived, $"household {householdId} never reached funds\n{suite.Output()}");
        return standing!;
    }

    [Fact]
    public async Task A_household_created_through_the_gateway_reaches_funds_and_a_redelivery_changes_nothing()
    {
        var created = await Archives.CreateHouseholdAsync(Households.Valid());
        var standing = await ArrivedInFundsAsync(created.HouseholdId);
        var change = Assert.Single(standing.Changes);
        Assert.Equal("DRAFT", standing.ArchiveStatus);
        Assert.False(standing.Payable);

        // The broker delivers the very same event again (same event id), as it may after a lost ack.
        var again = new HouseholdRegistered
        {
            Header = new EventHeader { EventId = change.EventId, OccurredAt = change.OccurredAt, OrganisationPath = County },
            HouseholdId = created.HouseholdId,
            ArchiveStatus = "DRAFT",
        };
        // And a fresh event after it, whose arrival shows the queue has moved past the duplicate.
        var sentinel = new HouseholdRegistered
        {
            Header = new EventHeader { EventId = Guid.NewGuid().ToString(), OccurredAt = Timestamp.FromDateTime(DateTime.UtcNow), OrganisationPath = County },
            HouseholdId = Guid.NewGuid().ToString(),
            ArchiveStatus = "DRAFT",
        };
        await PublishRawAsync(again);
        await PublishRawAsync(sentinel);
        await ArrivedInFundsAsync(sentinel.HouseholdId);
        Assert.True(await Poll.UntilAsync(async () => (await Rabbit.QueuesAsync(suite.VirtualHost))
            .Where(q => q.Key.StartsWith("funds-", StringComparison.Ordinal)).All(q => q.Value is (0, 0))));

        var after = await StandingAsync(created.HouseholdId);
        Assert.Single(after!.Changes);
        Assert.DoesNotContain((await Rabbit.QueuesAsync(suite.VirtualHost)).Keys, q => q.EndsWith("_error", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Writes_succeed_while_the_broker_is_down_and_every_event_arrives_once_it_is_back()
    {
        var ids = new List<string>();
        await Rabbit.StopAsync();
        try
        {
            for (var i = 0; i < 3; i++) ids.Add((await Archives.CreateHouseholdAsync(Households.Valid())).HouseholdId);
            Assert.True(await Database.CountAsync(suite.Databases["archives"], "outbox_messages", "\"PublishedAt\" IS NULL") >= 3);
        }
        finally
        {
            await Rabbit.StartAsync();
        }
        foreach (var id in ids)
        {
            var standing = await ArrivedInFundsAsync(id, TimeSpan.FromSeconds(90));
            Assert.Single(standing.Changes);
        }
        Assert.True(await Poll.UntilAsync(async () =>
            await Database.CountAsync(suite.Databases["archives"], "outbox_messages", "\"PublishedAt\" IS NULL") == 0));
    }

    [Fact]
    public async Task The_correlation_id_follows_a_request_through_the_gateway_into_the_event_and_the_consumer()
    {
        var correlation = $"e2e-{Guid.NewGuid():N}";
        var created = await Archives.CreateHouseholdAsync(Households.Valid(), new Metadata { { "x-correlation-id", correlation } });
        await ArrivedInFundsAsync(created.HouseholdId);

        Assert.Equal(1, await Database.CountAsync(suite.Databases["archives"], "outbox_messages", "\"CorrelationId\" = @c", ("c", correlation)));
        Assert.True(await Database.CountAsync(suite.Databases["funds"], "audit_entries", "\"CorrelationId\" = @c", ("c", correlation)) >= 1);
    }

    private async Task PublishRawAsync(HouseholdRegistered message)
    {
        await using var connection = await Rabbit.ConnectAsync(suite.VirtualHost);
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var properties = new BasicProperties
        {
            ContentType = "application/json",
            MessageId = message.Header.EventId,
            DeliveryMode = DeliveryModes.Persistent,
        };
        var body = Encoding.UTF8.GetBytes(JsonFormatter.Default.Format(message));
        await channel.BasicPublishAsync(HouseholdRegistered.Descriptor.FullName, "", true, properties, body);
    }
}
