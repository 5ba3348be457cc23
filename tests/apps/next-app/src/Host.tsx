"use client";
// The app's client side: the React apps' host (`ReactHost.tsx`: README's React recipe), a
// client component for the server page to render.
export { ReactHost as Host } from "./ReactHost";
