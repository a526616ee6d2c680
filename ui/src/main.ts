import { flushSync, mount } from "svelte";
import App from "./App.svelte";
import "./app.css";

const target = document.getElementById("app");
if (target) {
  mount(App, { target });
  // The pages' first requests to the backend leave now, not after the first paint.
  flushSync();
}
