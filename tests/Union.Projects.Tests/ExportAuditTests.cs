using Microsoft.EntityFrameworkCore;
using Union.Contracts.Projects.V1;

namespace Union.Projects.Tests;

/// <summary>Every workbook taken out of the platform is in the audit log: who, what, for which organisation.</summary>
public class ExportAuditTests(SqliteProjects host) : IClassFixture<SqliteProjects>, IAsyncLifetime
{
    public Task InitializeAsync() => host.ResetAndSetClockAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Library_and_form_exports_are_audited_with_the_caller_and_the_organisation()
    {
        var driver = new ProjectDriver(host);
        var project = await driver.ToAsync(ProjectStatus.Launched);

        await host.Exchange(Applications.Chengdu).ExportProjectLibraryAsync(new ExportProjectLibraryRequest { Filter = new ListProjectsRequest() });
        await host.Exchange(Applications.Jinjiang).ExportProjectFormAsync(new ExportProjectFormRequest { ProjectId = project.ProjectId, Form = ExportedForm.Launch });

        var exports = await host.WithDatabaseAsync(db => db.AuditEntries.Where(a => a.Action == "EXPORT").OrderBy(a => a.Id).ToListAsync());
        Assert.Collection(exports,
            library =>
            {
                Assert.Equal("ProjectLibraryWorkbook", library.EntityType);
                Assert.Equal(Applications.Chengdu, library.OrganisationPath);
                Assert.Equal("test-caseworker@51/5101", library.Actor);
            },
            form =>
            {
                Assert.Equal("ProjectFormWorkbook", form.EntityType);
                Assert.Equal(project.ProjectId, form.EntityId);
                Assert.Equal(Applications.Jinjiang, form.OrganisationPath);
            });
    }
}
