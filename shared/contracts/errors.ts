/** The error body of every failed admin call (Strapi's error shape). */
export interface ErrorBody {
  data: null;
  error: {
    status: number;
    name: string;
    message: string;
    details?: Record<string, unknown>;
  };
}
