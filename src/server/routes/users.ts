/**
 * `/api/v1/users`: the administrator's user management. The routes only parse and answer; the
 * services check the `user.manage` permission themselves, so the CLI gets the same rule.
 */
import type { FastifyInstance, FastifyReply } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { RoleSchema } from "../../cases/roles.js";
import { createUser } from "../../services/users/create-user.js";
import { listUsers } from "../../services/users/list-users.js";
import { resetPassword } from "../../services/users/reset-password.js";
import { updateUser } from "../../services/users/update-user.js";
import {
  DisplayNameSchema,
  UnitSchema,
  UsernameSchema,
  UserViewSchema,
} from "../../services/users/user-view.js";
import { PASSWORD_MAX_LENGTH } from "../auth/passwords.js";
import type { NodeContext } from "../node-context.js";
import { actorOf } from "../request-actor.js";

const CreateUserSchema = z.strictObject({
  username: UsernameSchema,
  displayName: DisplayNameSchema,
  role: RoleSchema,
  unit: UnitSchema,
  /** Omit to have the node generate a one-time password. */
  password: z.string().max(PASSWORD_MAX_LENGTH).optional(),
});
const UpdateUserSchema = z
  .strictObject({ role: RoleSchema, unit: UnitSchema, disabled: z.boolean(), displayName: DisplayNameSchema })
  .partial()
  .refine((changes) => Object.keys(changes).length > 0, "name at least one field to change");
const UserParamsSchema = z.object({ id: z.uuid() });
const OneTimePasswordSchema = z.object({
  /** Shown once, to hand to the user; the node keeps only its hash. */
  oneTimePassword: z.string(),
});

const TAGS = ["users"];
const noStore = (reply: FastifyReply) => reply.header("cache-control", "no-store");

export function registerUserRoutes(app: FastifyInstance, context: NodeContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    "/api/v1/users",
    {
      schema: {
        tags: TAGS,
        summary: "List users",
        response: { 200: z.object({ users: z.array(UserViewSchema) }) },
      },
    },
    async (request) => ({ users: await listUsers({ context, actor: actorOf(request) }) }),
  );

  api.post(
    "/api/v1/users",
    {
      schema: {
        tags: TAGS,
        summary: "Create a user",
        body: CreateUserSchema,
        response: { 201: z.object({ user: UserViewSchema, oneTimePassword: z.string().optional() }) },
      },
    },
    async (request, reply) => {
      const { password, ...fields } = request.body;
      const created = await createUser({ context, actor: actorOf(request), ...fields, password });
      noStore(reply);
      return reply.status(201).send(created);
    },
  );

  api.patch(
    "/api/v1/users/:id",
    {
      schema: {
        tags: TAGS,
        summary: "Change a user's role, unit, status or name",
        params: UserParamsSchema,
        body: UpdateUserSchema,
        response: { 200: z.object({ user: UserViewSchema }) },
      },
    },
    async (request) => {
      const changes = Object.fromEntries(
        Object.entries(request.body).filter(([, value]) => value !== undefined),
      );
      return {
        user: await updateUser({ context, actor: actorOf(request), userId: request.params.id, changes }),
      };
    },
  );

  api.post(
    "/api/v1/users/:id/reset-password",
    {
      schema: {
        tags: TAGS,
        summary: "Reset a user's password and second factor",
        params: UserParamsSchema,
        response: { 200: OneTimePasswordSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return resetPassword({ context, actor: actorOf(request), userId: request.params.id });
    },
  );
}
