using Grpc.Core;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using Union.Contracts.Archives.V1;
using Union.Testing;

namespace Union.Archives.Tests;

/// <summary>
/// The archives host with a cache that lets a test act the moment an entry is cleared: there, a
/// concurrent reader would find the entry gone and fill it again from whatever is committed.
/// </summary>
public sealed class ArchivesWithWatchedCache() : ServiceHost<Program>(TestDatabase.Sqlite)
{
    public Func<string, Task>? OnRemoved { get; set; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            var inner = services.Single(d => d.ServiceType == typeof(HybridCache));
            services.Remove(inner);
            services.AddSingleton<HybridCache>(sp => new WatchedCache((HybridCache)(inner.ImplementationFactory?.Invoke(sp)
                ?? inner.ImplementationInstance ?? ActivatorUtilities.CreateInstance(sp, inner.ImplementationType!)), this));
        });
    }

    private sealed class WatchedCache(HybridCache inner, ArchivesWithWatchedCache host) : HybridCache
    {
        public override ValueTask<T> GetOrCreateAsync<TState, T>(string key, TState state, Func<TState, CancellationToken, ValueTask<T>> factory,
            HybridCacheEntryOptions? options = null, IEnumerable<string>? tags = null, CancellationToken cancellationToken = default) =>
            inner.GetOrCreateAsync(key, state, factory, options, tags, cancellationToken);

        public override ValueTask SetAsync<T>(string key, T value, HybridCacheEntryOptions? options = null, IEnumerable<string>? tags = null,
            CancellationToken cancellationToken = default) => inner.SetAsync(key, value, options, tags, cancellationToken);

        public override async ValueTask RemoveAsync(string key, CancellationToken cancellationToken = default)
        {
            await inner.RemoveAsync(key, cancellationToken);
            if (host.OnRemoved is { } onRemoved) await onRemoved(key);
        }

        public override ValueTask RemoveByTagAsync(string tag, CancellationToken cancellationToken = default) => inner.RemoveByTagAsync(tag, cancellationToken);
    }
}

public class CacheAfterCommitTests(ArchivesWithWatchedCache host) : IClassFixture<ArchivesWithWatchedCache>, IAsyncLifetime
{
    private HouseholdArchives.HouseholdArchivesClient Client => new(host.As("51/5115/511502", "caseworker"));

    public Task InitializeAsync() => host.ResetAsync();

    public Task DisposeAsync()
    {
        host.OnRemoved = null;
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_change_under_an_idempotency_key_is_not_served_stale_to_a_reader_racing_its_commit()
    {
        var created = await Client.CreateHouseholdAsync(Households.Valid());
        var read = new GetHouseholdRequest { HouseholdId = created.HouseholdId };
        await Client.GetHouseholdAsync(read); // cached
        // A reader arriving just as the entry is cleared fills it again from what is committed.
        host.OnRemoved = async _ => await Client.GetHouseholdAsync(read);

        await Client.UpdateHouseholdAsync(new UpdateHouseholdRequest
        {
            HouseholdId = created.HouseholdId, UpdateMask = { "employer" }, Employer = "宜宾某机械厂", Reason = "单位变更",
        }, new Metadata { { "idempotency-key", Guid.NewGuid().ToString() } });
        host.OnRemoved = null;

        Assert.Equal("宜宾某机械厂", (await Client.GetHouseholdAsync(read)).Employer);
    }
}
