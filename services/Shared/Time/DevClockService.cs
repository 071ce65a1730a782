using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Union.Contracts.Dev.V1;
using Union.Shared.Auth;
using Union.Shared.Errors;
using Union.Shared.Validation;

namespace Union.Shared.Time;

/// <summary>
/// Sets and reads the <see cref="SettableClock"/> of a Development or Testing host
/// (<c>PUT/GET /v1/dev/clock</c>). Mapped by <c>MapServiceDefaults</c> only in those environments;
/// a production host has neither the service nor the clock. In the suite host the four services
/// share one clock, so setting it through any of them sets it for all.
/// </summary>
public sealed class DevClockService(SettableClock clock, CallerContext caller) : DevClock.DevClockBase
{
    public override Task<ClockTime> SetClock(SetClockRequest request, ServerCallContext context)
    {
        // Every deadline, notice and payment of the run moves with the clock: only an admin moves it.
        if (!caller.IsInRole(Roles.Admin)) UnionErrors.PermissionDenied("ROLE_REQUIRED", "设置时钟需要管理员角色");
        new RequestValidator()
            .Check(request.ChangeCase != SetClockRequest.ChangeOneofCase.None, "now", "REQUIRED", "应给出新的时间（now）或前移的时长（advance）")
            .ThrowIfInvalid();
        switch (request.ChangeCase)
        {
            case SetClockRequest.ChangeOneofCase.Now:
                clock.Set(request.Now.ToDateTimeOffset());
                break;
            case SetClockRequest.ChangeOneofCase.Advance:
                clock.Advance(request.Advance.ToTimeSpan());
                break;
        }
        return Task.FromResult(Now());
    }

    public override Task<ClockTime> GetClock(GetClockRequest request, ServerCallContext context)
    {
        caller.RequireStaff();
        return Task.FromResult(Now());
    }

    private ClockTime Now()
    {
        var now = clock.GetUtcNow();
        return new ClockTime
        {
            Now = Timestamp.FromDateTimeOffset(now),
            BeijingTime = now.ToOffset(BeijingTime.Offset).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
            Today = clock.Today().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Shifted = clock.Offset != TimeSpan.Zero,
        };
    }
}
