"""The calendar providers (issue 14): Google Calendar and Microsoft 365 through Graph, each a
bot.service.calendar_port.CalendarProvider over plain HTTP. See docs/calendars.md."""
