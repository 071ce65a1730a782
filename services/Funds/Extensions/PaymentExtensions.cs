using Union.Contracts.Archives.V1;
using Union.Funds.Domain;
using Union.Funds.Messaging;
using Union.Shared.Auth;
using Union.Shared.Resilience;

namespace Union.Funds.Extensions;

public static class PaymentExtensions
{
    /// <summary>
    /// Bank cards and phones from the archives' internal PaymentDetails call (with funds' own
    /// service token), and the notices after payment: the simulator unless Notifications:Sender
    /// is "http", delivered by a background dispatcher.
    /// </summary>
    public static WebApplicationBuilder AddPaymentDetailsAndNotifications(this WebApplicationBuilder builder)
    {
        builder.Services.AddUnionServiceToken(builder.Configuration, builder.Environment, ServiceIdentity.Funds);
        builder.Services.AddUnionGrpcClient<PaymentDetails.PaymentDetailsClient>(builder.Configuration, "archives");
        builder.Services.AddScoped<ArchivesPaymentDetails>();
        builder.Services.AddScoped<IBankCardDirectory>(sp => sp.GetRequiredService<ArchivesPaymentDetails>());
        builder.Services.AddScoped<IRecipientPhoneDirectory>(sp => sp.GetRequiredService<ArchivesPaymentDetails>());

        var options = builder.Configuration.GetSection(NotificationOptions.Section).Get<NotificationOptions>() ?? new NotificationOptions();
        builder.Services.AddSingleton(options);
        switch (options.Sender.ToLowerInvariant())
        {
            case "simulator":
                builder.Services.AddSingleton<INotificationSender, SimulatedNotificationSender>();
                break;
            case "http":
                if (options.Endpoint is null) throw new InvalidOperationException("Notifications:Endpoint must be configured when Notifications:Sender is http.");
                builder.Services.AddHttpClient<INotificationSender, HttpNotificationSender>();
                break;
            default:
                throw new InvalidOperationException($"Notifications:Sender must be simulator or http, not {options.Sender}.");
        }
        builder.Services.AddScoped<NotificationDelivery>();
        builder.Services.AddHostedService<NotificationDispatcher>();
        return builder;
    }
}
