using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Union.Funds.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class EvaluationGrades : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "evaluation_grades",
                columns: table => new
                {
                    EvaluationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganisationPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    SubjectKind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    SubjectId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Score = table.Column<decimal>(type: "TEXT", precision: 9, scale: 2, nullable: false),
                    Grade = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    GradedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_evaluation_grades", x => x.EvaluationId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_evaluation_grades_OrganisationPath_Year",
                table: "evaluation_grades",
                columns: new[] { "OrganisationPath", "Year" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "evaluation_grades");
        }
    }
}
