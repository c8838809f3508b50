// The name the ApplicationMaster's own container goes by among the services (`logs --service
// appmaster`). Its own module: the CLI's option help names it without loading the launcher.
export const AM_SERVICE = "appmaster";
