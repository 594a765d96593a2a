"use client";
// Any dashboard page that fails to render (the database restarting, most often).
import { PageError } from "@/components/layout/page-error";

export default PageError;
