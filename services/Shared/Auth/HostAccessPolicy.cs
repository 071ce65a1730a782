using Union.Contracts.Dev.V1;

namespace Union.Shared.Auth;

/// <summary>
/// Who may call the services every host maps itself, beside its own table: the development clock
/// (mapped only in Development and Testing, see MapServiceDefaults). Only an administrator moves
/// the clock, every staff role may read it; a worker calls neither.
/// </summary>
public static class HostAccessPolicy
{
    public static AccessTable Table { get; } = new AccessTable("every host")
        .Service(DevClock.Descriptor, s => s
            .Allow("SetClock", [Roles.Admin])
            .Allow("GetClock", AccessTable.Staff));
}
