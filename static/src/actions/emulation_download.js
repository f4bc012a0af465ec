import { download } from "@web/core/network/download";
import { registry } from "@web/core/registry";

/**
 * Downloads a file of the server in the current tab, like a printed report: no new tab,
 * so no popup blocker stops it. `params.url` is the address of the file.
 */
async function emulationDownload(env, action) {
    env.services.ui.block();
    try {
        await download({ url: action.params.url, data: {} });
    } finally {
        env.services.ui.unblock();
    }
}

registry.category("actions").add("emulation_download", emulationDownload);
