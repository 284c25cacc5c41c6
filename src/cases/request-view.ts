/** What the domain needs to know about a request to decide who may see it and what may happen next. */
import type { Direction, RequestState } from "./lifecycle.js";

export type RequestView = {
  id: string;
  direction: Direction;
  kind: string;
  state: RequestState;
  urgency: "normal" | "urgent" | "emergency";
  /** Kinds the pack routes to the 24/7 queue, and any urgent or emergency request. */
  urgentQueue: boolean;
  draftedBy: string | null;
  unit: string;
};

export const inUrgentQueue = (kindIsUrgent: boolean, urgency: RequestView["urgency"]): boolean =>
  kindIsUrgent || urgency !== "normal";
