using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Union.Projects.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RectificationOpenedOn : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "OpenedOn",
                table: "project_rectifications",
                type: "date",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "OpenedOn",
                table: "project_rectifications");
        }
    }
}
