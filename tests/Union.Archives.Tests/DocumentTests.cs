using System.Security.Cryptography;
using Grpc.Core;
using Union.Contracts.Archives.V1;
using Union.Testing;
using DomainStatus = Union.Archives.Domain.ArchiveStatus;

namespace Union.Archives.Tests;

public class DocumentTests(SqliteMonitoring host) : IClassFixture<SqliteMonitoring>, IAsyncLifetime
{
    private const string CountyA = "51/5115/511502";
    private const string CountyB = "51/5115/511503";
    private const string City = "51/5115";

    private static readonly DocumentKind[] NewArchiveProofs =
    [
        DocumentKind.WorkerApplication, DocumentKind.EconomicCheckAuthorisation, DocumentKind.Identity,
        DocumentKind.Employment, DocumentKind.Income, DocumentKind.Hardship,
    ];

    private ArchiveDocuments.ArchiveDocumentsClient Documents(string org, string role = "caseworker") => new(host.As(org, role));

    public Task InitializeAsync() => host.ResetAndSetClockAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private static AttachDocumentRequest Attachment(string householdId, DocumentKind kind) => new()
    {
        HouseholdId = householdId,
        Kind = kind,
        ObjectKey = $"archives/{householdId}/{Guid.NewGuid():N}.pdf",
        Sha256 = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
        SizeBytes = 245_760,
        MediaType = "application/pdf",
        Description = "扫描件",
    };

    [Fact]
    public async Task A_new_file_lists_the_six_applicant_proofs_as_required_and_the_county_filing_as_not()
    {
        var id = await host.OpenAsync(CountyA);

        var checklist = await Documents(CountyA).GetChecklistAsync(new GetChecklistRequest { HouseholdId = id });

        Assert.Equal(ApplicationType.NewArchive, checklist.ApplicationType);
        Assert.False(checklist.Complete);
        Assert.Equal(NewArchiveProofs, checklist.Items.Where(i => i.Required).Select(i => i.Kind));
        Assert.Equal(
            [DocumentKind.ArchiveForm, DocumentKind.VisitSurvey, DocumentKind.NoticeProof, DocumentKind.ComparisonReport, DocumentKind.ExitRegistration],
            checklist.Items.Where(i => !i.Required).Select(i => i.Kind));
        Assert.DoesNotContain(checklist.Items, i => i.Kind == DocumentKind.AidApplicationForm);
        Assert.All(checklist.Items, i => Assert.False(i.Present));
    }

    [Fact]
    public async Task The_checklist_is_complete_only_with_all_six_new_archive_proofs()
    {
        var id = await host.OpenAsync(CountyA);
        // County filing does not make up for a missing applicant proof.
        await Documents(CountyA).AttachDocumentAsync(Attachment(id, DocumentKind.VisitSurvey));
        DocumentChecklist checklist = null!;
        foreach (var kind in NewArchiveProofs[..5])
        {
            checklist = await Documents(CountyA).AttachDocumentAsync(Attachment(id, kind));
            Assert.False(checklist.Complete);
        }
        Assert.False(checklist.Items.Single(i => i.Kind == DocumentKind.Hardship).Present);

        var request = Attachment(id, DocumentKind.Hardship);
        checklist = await Documents(CountyA).AttachDocumentAsync(request);

        Assert.True(checklist.Complete);
        var hardship = checklist.Items.Single(i => i.Kind == DocumentKind.Hardship);
        Assert.True(hardship.Present && hardship.Required);
        var attachment = Assert.Single(hardship.Attachments);
        Assert.Equal((request.ObjectKey, request.Sha256, request.SizeBytes, request.MediaType, request.Description),
            (attachment.ObjectKey, attachment.Sha256, attachment.SizeBytes, attachment.MediaType, attachment.Description));
        Assert.Equal("test-caseworker@" + CountyA, attachment.AttachedBy);
        Assert.Equal(checklist, await Documents(CountyA).GetChecklistAsync(new GetChecklistRequest { HouseholdId = id }));
    }

    [Fact]
    public async Task A_new_file_applying_as_aid_on_file_still_needs_every_new_archive_proof()
    {
        // 004 Annex 1 二 lightens the proofs only for an applicant already on file (已在档申请人); a new file is not.
        var id = await host.OpenAsync(CountyA, r => r.ApplicationType = ApplicationType.AidOnFile);

        var checklist = await Documents(CountyA).AttachDocumentAsync(Attachment(id, DocumentKind.AidApplicationForm));

        Assert.False(checklist.Complete);
        Assert.Equal(NewArchiveProofs, checklist.Items.Where(i => i.Required).Select(i => i.Kind));
        Assert.Contains(checklist.Items, i => i.Kind == DocumentKind.AidApplicationForm && i.Present && !i.Required);
    }

    [Fact]
    public async Task Aid_for_a_household_on_file_requires_only_its_aid_application_form()
    {
        var id = await host.OpenAsync(CountyA, r => r.ApplicationType = ApplicationType.AidOnFile);
        await host.PutAsync(id, DomainStatus.Active);

        var before = await Documents(CountyA).GetChecklistAsync(new GetChecklistRequest { HouseholdId = id });
        Assert.Equal([DocumentKind.AidApplicationForm], before.Items.Where(i => i.Required).Select(i => i.Kind));
        Assert.Contains(before.Items, i => i.Kind == DocumentKind.Income && !i.Required);

        var after = await Documents(CountyA).AttachDocumentAsync(Attachment(id, DocumentKind.AidApplicationForm));
        Assert.True(after.Complete);
    }

    [Fact]
    public async Task The_same_file_attached_twice_is_refused_and_changes_nothing()
    {
        var id = await host.OpenAsync(CountyA);
        var first = Attachment(id, DocumentKind.Identity);
        var attached = await Documents(CountyA).AttachDocumentAsync(first);
        var before = await host.RowCountsAsync();

        var again = Attachment(id, DocumentKind.Income);
        again.Sha256 = first.Sha256.ToUpperInvariant();
        var e = await RpcAssert.Fails(StatusCode.AlreadyExists, () => Documents(CountyA).AttachDocumentAsync(again).ResponseAsync);

        Assert.Equal("DOCUMENT_ALREADY_ATTACHED", e.Code());
        Assert.Equal(attached.Items.Single(i => i.Kind == DocumentKind.Identity).Attachments[0].DocumentId, e.Metadata()["document_id"]);
        Assert.Equal(before, await host.RowCountsAsync());

        // The same bytes on another household's file are a different attachment.
        var other = await host.OpenAsync(CountyA);
        var elsewhere = Attachment(other, DocumentKind.Identity);
        elsewhere.Sha256 = first.Sha256;
        await Documents(CountyA).AttachDocumentAsync(elsewhere);
    }

    public static TheoryData<string, Action<AttachDocumentRequest>> BadRequests => new()
    {
        { "household_id", r => r.HouseholdId = "" },
        { "kind", r => r.Kind = DocumentKind.Unspecified },
        { "kind", r => r.Kind = (DocumentKind)42 },
        { "object_key", r => r.ObjectKey = "" },
        { "object_key", r => r.ObjectKey = "archives/扫描 件.pdf" },
        { "object_key", r => r.ObjectKey = "archives/a.pdf\n" },
        { "object_key", r => r.ObjectKey = new string('k', 501) },
        { "sha256", r => r.Sha256 = "" },
        { "sha256", r => r.Sha256 = r.Sha256[..63] },
        { "sha256", r => r.Sha256 = "g" + r.Sha256[1..] },
        { "size_bytes", r => r.SizeBytes = 0 },
        { "size_bytes", r => r.SizeBytes = -1 },
        { "size_bytes", r => r.SizeBytes = 50L * 1024 * 1024 + 1 },
        { "media_type", r => r.MediaType = "" },
        { "media_type", r => r.MediaType = "text/plain" },
        { "media_type", r => r.MediaType = "application/msword" },
        { "description", r => r.Description = new string('说', 501) },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_input_is_refused_with_a_field_violation_and_changes_nothing(string field, Action<AttachDocumentRequest> spoil)
    {
        var id = await host.OpenAsync(CountyA);
        var request = Attachment(id, DocumentKind.Identity);
        spoil(request);
        var before = await host.RowCountsAsync();

        await RpcAssert.InvalidArgument(() => Documents(CountyA).AttachDocumentAsync(request).ResponseAsync, field);

        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Theory]
    [InlineData("image/jpeg")]
    [InlineData("image/png")]
    [InlineData("image/heic")]
    [InlineData("application/vnd.openxmlformats-officedocument.wordprocessingml.document")]
    public async Task Photos_and_Word_files_up_to_50_MiB_are_accepted(string mediaType)
    {
        var id = await host.OpenAsync(CountyA);
        var request = Attachment(id, DocumentKind.Hardship);
        request.MediaType = mediaType;
        request.SizeBytes = 50L * 1024 * 1024;
        request.ObjectKey = new string('k', 500);
        request.Description = new string('说', 500);

        var checklist = await Documents(CountyA).AttachDocumentAsync(request);

        Assert.True(checklist.Items.Single(i => i.Kind == DocumentKind.Hardship).Present);
    }

    [Fact]
    public async Task The_exit_registration_may_be_filed_on_an_exited_file()
    {
        var id = await host.OnRecordAsync(CountyA, status: DomainStatus.Exited);

        var checklist = await Documents(CountyA).AttachDocumentAsync(Attachment(id, DocumentKind.ExitRegistration));

        Assert.True(checklist.Items.Single(i => i.Kind == DocumentKind.ExitRegistration).Present);
    }

    [Fact]
    public async Task A_neighbouring_county_cannot_see_or_add_to_the_checklist_and_the_city_can()
    {
        var id = await host.OpenAsync(CountyA);
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.Fails(StatusCode.NotFound, () => Documents(CountyB).GetChecklistAsync(new GetChecklistRequest { HouseholdId = id }).ResponseAsync);
        Assert.Equal("HOUSEHOLD_NOT_FOUND", e.Code());
        await RpcAssert.Fails(StatusCode.NotFound, () => Documents(CountyB).AttachDocumentAsync(Attachment(id, DocumentKind.Identity)).ResponseAsync);
        Assert.Equal(before, await host.RowCountsAsync());

        await Documents(City).AttachDocumentAsync(Attachment(id, DocumentKind.Identity));
        var checklist = await Documents(City).GetChecklistAsync(new GetChecklistRequest { HouseholdId = id });
        Assert.True(checklist.Items.Single(i => i.Kind == DocumentKind.Identity).Present);
    }

    [Fact]
    public async Task An_auditor_reads_the_checklist_but_cannot_attach()
    {
        var id = await host.OpenAsync(CountyA);
        await Documents(CountyA, "auditor").GetChecklistAsync(new GetChecklistRequest { HouseholdId = id });
        var e = await RpcAssert.Fails(StatusCode.PermissionDenied, () => Documents(CountyA, "auditor").AttachDocumentAsync(Attachment(id, DocumentKind.Identity)).ResponseAsync);
        Assert.Equal("ROLE_REQUIRED", e.Code());
    }

    [Fact]
    public async Task A_worker_adds_proofs_to_his_own_application_only_until_review_starts()
    {
        // The subject Documents(CountyA, "worker") acts as, with the ID number his application names.
        var idNumber = Households.NewIdNumber();
        var worker = host.WorkerClient($"test-worker@{CountyA}", CountyA, idNumber);
        var own = (await worker.CreateHouseholdAsync(Households.Valid(idNumber))).HouseholdId;
        var someoneElses = await host.OpenAsync(CountyA);

        var checklist = await Documents(CountyA, "worker").AttachDocumentAsync(Attachment(own, DocumentKind.WorkerApplication));
        Assert.True(checklist.Items.Single(i => i.Kind == DocumentKind.WorkerApplication).Present);
        await RpcAssert.Fails(StatusCode.NotFound, () => Documents(CountyA, "worker").GetChecklistAsync(new GetChecklistRequest { HouseholdId = someoneElses }).ResponseAsync);
        await RpcAssert.Fails(StatusCode.NotFound, () => Documents(CountyA, "worker").AttachDocumentAsync(Attachment(someoneElses, DocumentKind.Identity)).ResponseAsync);

        await host.PutAsync(own, DomainStatus.Visited);
        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => Documents(CountyA, "worker").AttachDocumentAsync(Attachment(own, DocumentKind.Identity)).ResponseAsync);
        Assert.Equal("APPLICATION_UNDER_REVIEW", e.Code());
    }
}
