using System.Text.Json;
using System.Text.Json.Serialization;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Union.Shared.Messaging;

/// <summary>
/// Writes protobuf messages as canonical proto3 JSON (and reads them back), so the message body on
/// the queue is exactly what any language's protobuf library produces from events.proto.
/// </summary>
public sealed class ProtobufJsonConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeof(IMessage).IsAssignableFrom(typeToConvert) && !typeToConvert.IsAbstract && !typeToConvert.IsInterface;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(ProtobufJsonConverter<>).MakeGenericType(typeToConvert))!;

    private sealed class ProtobufJsonConverter<T> : JsonConverter<T> where T : IMessage
    {
        private static readonly MessageDescriptor Descriptor =
            (MessageDescriptor)typeof(T).GetProperty("Descriptor", System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)!.GetValue(null)!;

        private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            using var document = JsonDocument.ParseValue(ref reader);
            return (T)Parser.Parse(document.RootElement.GetRawText(), Descriptor);
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            writer.WriteRawValue(JsonFormatter.Default.Format(value));
    }
}
