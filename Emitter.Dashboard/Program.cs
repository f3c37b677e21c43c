// The live dashboard. Its WebSocket stream and page arrive with their own issue; for now it
// is a healthy service with the shared defaults so the app host can run it.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapGet("/", () => Results.Text("Emitter dashboard: the live view is not built yet.", "text/plain"));
app.Run();
