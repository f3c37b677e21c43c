// The live dashboard: batches from the generator's dashboard sink in (POST /ingest), a live
// log stream out to browsers (/ws) and the page that shows it (/). See DashboardApp.
await Emitter.Dashboard.DashboardApp.Create(args).RunAsync();
