using Union.Shared.Auth;

// Mints a development token signed with the key local runs use (Auth:SigningKey, or the built-in
// development key). Production hosts accept only the province identity provider's tokens.
//   dotnet run --project tools/DevToken -- --org 51/5115/511502 --role caseworker [--role reviewer] [--sub name] [--hours 8]
//   a worker's token carries the ID number his real-name check verified: --role worker --id-number <18 digits>
var org = "51";
var subject = (string?)null;
var roles = new List<string>();
var hours = 8.0;
var idNumber = (string?)null;
var key = Environment.GetEnvironmentVariable("Auth__SigningKey") ?? AuthOptions.DevelopmentSigningKey;
for (var i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    switch (args[i])
    {
        case "--org": org = Next(); break;
        case "--role": roles.AddRange(Next().Split(',', StringSplitOptions.RemoveEmptyEntries)); break;
        case "--sub": subject = Next(); break;
        case "--id-number": idNumber = Next(); break;
        case "--hours": hours = double.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
        default:
            Console.Error.WriteLine("usage: --org <organisation path> --role <role>[,<role>] [--sub <subject>] [--id-number <id>] [--hours <n>]");
            Console.Error.WriteLine($"roles: {string.Join(", ", Roles.All)}");
            return 2;
    }
}
if (!Union.Shared.Tenancy.OrganisationPath.IsValid(org))
{
    Console.Error.WriteLine($"'{org}' is not an organisation path such as 51/5115/511502");
    return 2;
}
if (roles.Count == 0) roles.Add(Roles.Caseworker);
var unknown = roles.Where(r => !Roles.All.Contains(r)).ToList();
if (unknown.Count > 0)
{
    Console.Error.WriteLine($"unknown role(s): {string.Join(", ", unknown)}; roles: {string.Join(", ", Roles.All)}");
    return 2;
}
var options = new AuthOptions { SigningKey = key };
Console.WriteLine(DevTokens.Mint(options, subject ?? $"{roles[0]}@{org}", org, roles, TimeSpan.FromHours(hours), idNumber));
return 0;
