import { mount } from "svelte";
import App from "../src/App.svelte";
import "../src/app.css";
import { useBackend } from "../src/lib/api";
import { subscriberChanges } from "../src/lib/subscribers.svelte";
import { createMockBackend } from "./mock-backend";

const { backend, exported, notices, opened } = createMockBackend();
// Counts the status checks the window asks for, by subscriber.
const statusChecks: string[] = [];
useBackend({
  ...backend,
  subscriberStatus: (ctx, id) => {
    statusChecks.push(id);
    return backend.subscriberStatus(ctx, id);
  },
});
(window as unknown as { statusChecks: string[] }).statusChecks = statusChecks;
// …and which saved files it asked to open or show in their folder.
(window as unknown as { opened: string[] }).opened = opened;
// Lets a test see what the app asked the backend to save.
(window as unknown as { exportedPlans: string[] }).exportedPlans = exported;
// …and which Messenger notices it asked for.
(window as unknown as { messengerNotices: typeof notices }).messengerNotices = notices;
// …and how often the subscribers shown were announced as changed.
(window as unknown as { subscriberChanges: typeof subscriberChanges }).subscriberChanges =
  subscriberChanges;
const target = document.getElementById("app");
if (target) mount(App, { target });
