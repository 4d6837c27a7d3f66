// Activates CodeTrail's web pixel extension on the shop, pointing it at the collecting endpoint.
export const WEB_PIXEL_CREATE_MUTATION = `#graphql
  mutation WebPixelCreate($webPixel: WebPixelInput!) {
    webPixelCreate(webPixel: $webPixel) {
      webPixel {
        id
        settings
      }
      userErrors {
        code
        field
        message
      }
    }
  }
`;

// Points an already active pixel at a new endpoint (the app moved).
export const WEB_PIXEL_UPDATE_MUTATION = `#graphql
  mutation WebPixelUpdate($id: ID!, $webPixel: WebPixelInput!) {
    webPixelUpdate(id: $id, webPixel: $webPixel) {
      webPixel {
        id
        settings
      }
      userErrors {
        code
        field
        message
      }
    }
  }
`;

// The app's pixel on the shop, whatever its id (one per app and shop; no id needed since 2023-04).
export const WEB_PIXEL_QUERY = `#graphql
  query WebPixel {
    webPixel {
      id
    }
  }
`;

export interface WebPixelUserError {
  code: string | null;
  field: string[] | null;
  message: string;
}

export interface WebPixelCreateResult {
  webPixelCreate: { webPixel: { id: string; settings: unknown } | null; userErrors: WebPixelUserError[] };
}

export interface WebPixelUpdateResult {
  webPixelUpdate: { webPixel: { id: string; settings: unknown } | null; userErrors: WebPixelUserError[] };
}

export interface WebPixelResult {
  webPixel: { id: string } | null;
}
