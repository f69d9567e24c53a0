import type { Badge } from './badges.js';
import type { ImageType } from './images.js';

/** What a user gives when adding or editing an employee (photo aside). */
export interface EmployeeDetails {
  name: string;
  location: string;
  jobTitle: string;
  badges: Badge[];
}

export interface StoredPhoto {
  key: string;
  contentType: ImageType['contentType'];
}

export interface Employee extends EmployeeDetails {
  id: string;
  photo: StoredPhoto;
  createdAt: string;
  updatedAt: string;
}
