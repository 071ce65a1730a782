using Grpc.Core;

namespace Union.Gateway;

/// <summary>
/// gRPC services that exist only between the suite's services (archives' PaymentDetails, which
/// hands bank cards to funds). The gRPC route of a package (<c>/union.archives.v1.{service}/{method}</c>)
/// would forward them like any other, so they are named in <c>Gateway:InternalServices</c> and
/// refused here before routing, whatever the token: PERMISSION_DENIED / INTERNAL_SERVICE. The
/// service itself also refuses every caller but the service identity; this keeps the path from
/// being reachable from outside at all. Paths are compared without regard to case, as the
/// routing behind would match them.
/// </summary>
public static class InternalServices
{
    public const string Section = "Gateway:InternalServices";

    public static string[] Names(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<string[]>()?.Where(n => !string.IsNullOrWhiteSpace(n)).ToArray() ?? [];

    public static IApplicationBuilder UseInternalServiceRefusal(this IApplicationBuilder app, IConfiguration configuration)
    {
        var prefixes = Names(configuration).Select(n => "/" + n.Trim().Trim('/') + "/").ToArray();
        if (prefixes.Length == 0) return app;
        return app.Use((http, next) =>
        {
            var path = http.Request.Path.Value ?? string.Empty;
            // "//union…" would not match the gRPC route, but nothing is lost by refusing it too.
            var trimmed = "/" + path.TrimStart('/');
            return prefixes.Any(p => trimmed.StartsWith(p, StringComparison.OrdinalIgnoreCase))
                ? GatewayErrors.WriteAsync(http, StatusCode.PermissionDenied, StatusCodes.Status403Forbidden, "INTERNAL_SERVICE", "该接口仅供平台内部服务之间调用")
                : next(http);
        });
    }
}
