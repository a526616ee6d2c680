import { mount } from "svelte";
import App from "../src/App.svelte";
import "../src/app.css";
import { useBackend } from "../src/lib/api";
import { mockBackend } from "./mock-backend";

useBackend(mockBackend);
const target = document.getElementById("app");
if (target) mount(App, { target });
