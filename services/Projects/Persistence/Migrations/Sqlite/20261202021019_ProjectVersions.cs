using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Union.Projects.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ProjectVersions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "projects",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "project_rectifications",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "project_forms",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Version",
                table: "projects");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "project_rectifications");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "project_forms");
        }
    }
}
